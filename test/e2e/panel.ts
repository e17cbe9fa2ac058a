/** Helpers for Dataset Lens panels in the workbench: find or close one by folder, and the browser log. */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { until } from './workbench';

/** Closes the Dataset Lens panel of folder `name` if it is open, so one failure does not leave it in the way. */
export async function closePanel(page: Page, name: string): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: `Dataset Lens: ${name}` });
  if ((await tab.count()) === 0) return;
  await tab.first().locator('.codicon-close').click();
  await until(`the ${name} panel to close`, async () => (await tab.count()) === 0, 10_000);
}

/** The webview frame whose panel is about `name` (the folder's base name is its heading). */
export async function frameShowing(page: Page, name: string): Promise<Frame> {
  return until(`the ${name} panel`, async () => {
    for (const f of page.frames()) {
      if (
        (await f
          .locator('dl-app h1', { hasText: name })
          .count()
          .catch(() => 0)) > 0
      )
        return f;
    }
    return undefined;
  });
}

/** Console messages, page errors and failed requests of every frame (webviews included), for failures. */
export function recordBrowserLog(page: Page, file: string): void {
  writeFileSync(file, '');
  const log = (line: string) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  page.on('console', (m) => log(`console.${m.type()} ${m.location().url}: ${m.text()}`));
  page.on('pageerror', (e) => log(`pageerror: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => log(`requestfailed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('frameattached', (f) => log(`frameattached ${f.url()}`));
  page.on('framenavigated', (f) => log(`framenavigated ${f.url()}`));
}

/** The last lines of the browser log worth reading (CI shows only the output), shortened. */
export function printBrowserLogTail(file: string, lines = 25): void {
  if (!existsSync(file)) return;
  const noise = /frameattached|An iframe which has both|open-vsx|vsda|Long running operations/;
  const tail = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !noise.test(line))
    .slice(-lines)
    .map((line) => `    | ${line.replace(/\?id=([0-9a-f-]{8})[^ :]*/g, '?id=$1…').slice(0, 260)}`);
  console.log(`  browser log (last ${tail.length} lines):\n${tail.join('\n')}`);
}
