/** Playwright helpers for driving the VS Code workbench (code-server) and finding the Dataset Lens webview. */
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { PROJECT, writeSettings, type Sandbox } from './codeServer';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
  every = 150,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/**
 * Runs a command from the palette. The palette's list is built when it opens, so when the row is missing (the
 * extension has not registered yet) it closes and reopens it, until a deadline.
 */
export async function runCommand(page: Page, title: string, ms = 30_000): Promise<void> {
  await until(
    `command "${title}" in the palette`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      // Short: an editor that takes focus just after F1 (a file opened a moment ago) closes the palette; reopen it.
      await input.fill(`>${title}`, { timeout: 2000 });
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 1500 });
      } catch {
        return false;
      }
      await page.keyboard.press('Enter');
      return true;
    },
    ms,
    300,
  );
}

/** Picks an entry of the quick pick that is open (typing filters it). */
export async function pickQuickItem(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Types a value into the open input box / simple file dialog and accepts it. */
export async function answerInput(page: Page, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // The simple file dialog lists its folder first (its progress bar runs meanwhile); a value typed before then was
  // seen merged with the folder it was still setting ("…/workspace/tmp/…/workspace/x.json.json", in CI). A save
  // dialog that already offers the answer (its default) is accepted as it is.
  const busy = widget.locator('.quick-input-progress .monaco-progress-container.active');
  await until('the input to finish loading', async () => (await busy.count()) === 0, 15_000);
  await page.waitForTimeout(300);
  if ((await input.inputValue()) !== value) await input.fill(value);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  // The simple file dialog autocompletes from its folder listing as it arrives and may take Enter as "open this
  // folder" or refuse a value: until it closes, put the answer back and accept again, saying what it showed.
  for (let attempt = 1; ; attempt++) {
    try {
      await input.waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch {
      // still open
    }
    const shown = await input.inputValue().catch(() => '?');
    const message = await widget
      .locator('.quick-input-message')
      .innerText()
      .catch(() => '');
    const seen = `the input still shows ${JSON.stringify(shown)} ${message}`.trim();
    if (attempt === 5) {
      // Closed, so that the tests after this one do not type into it.
      await page.keyboard.press('Escape');
      throw new Error(`${seen} after ${attempt} answers of ${JSON.stringify(value)}`);
    }
    console.log(`  (${seen}: answering again)`);
    if (shown !== value) await input.fill(value);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
  }
}

/**
 * Right-clicks an explorer row and clicks a context-menu entry (early clicks are ignored: wait a little). A loaded
 * machine may show the workbench before the extension's entries are registered: the menu is closed and opened
 * again until the entry shows, or `ms` pass.
 */
export async function explorerContextMenu(
  page: Page,
  rowLabel: string,
  item: string,
  ms = 60_000,
): Promise<void> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${rowLabel}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await until(
    `the "${item}" menu entry`,
    async () => {
      await row.click({ button: 'right' });
      await page.waitForTimeout(400);
      try {
        await entry.waitFor({ state: 'visible', timeout: 3000 });
        return true;
      } catch {
        await page.keyboard.press('Escape');
        return false;
      }
    },
    ms,
    500,
  );
  await page.waitForTimeout(300);
  await entry.click();
}

/** The frame holding the Dataset Lens panel (webviews are nested iframes). */
export async function panelFrame(page: Page, ms = 30_000): Promise<Frame> {
  return until(
    'the Dataset Lens panel',
    async () => {
      for (const frame of page.frames()) {
        if (
          (await frame
            .locator('dl-app')
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      }
      return undefined;
    },
    ms,
  );
}

export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await until(
    'editors to close',
    async () => (await page.locator('.tabs-container .tab').count()) === 0,
    10_000,
  );
}

/** Waits until the panel shows a finished report: the overview is drawn, no partial marker, no run going on. */
export async function finalReport(frame: Frame, ms = 60_000): Promise<void> {
  await frame.locator('dl-overview .card-value').first().waitFor({ timeout: ms });
  await frame.locator('dl-app .banner.partial').waitFor({ state: 'detached', timeout: ms });
  await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: ms });
}

export async function selectTab(frame: Frame, tab: string): Promise<void> {
  await frame.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
  await frame.locator(`dl-${tab === 'statistics' ? 'stats' : tab}`).waitFor({ timeout: 30_000 });
  await frame.page().waitForTimeout(150);
}

export async function dismissNotifications(page: Page): Promise<void> {
  const clear = page.locator(
    '.notifications-toasts .codicon-notifications-clear, .notification-toast .codicon-notifications-clear',
  );
  for (const button of await clear.all()) await button.click().catch(() => undefined);
  await page.keyboard.press('Escape');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(PROJECT, 'test-artifacts', `${name}.png`) });
}

/**
 * Switches the colour theme in the user settings and reloads the window (code-server does not pick up an edited
 * settings file live, and its theme picker waits on a marketplace search offline), then returns the restored panel.
 */
export async function reloadWithTheme(
  page: Page,
  sandbox: Sandbox,
  theme: string,
  workbenchClass: string,
): Promise<Frame> {
  writeSettings(sandbox, theme);
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForTimeout(500);
  await waitForWorkbench(page);
  await until(
    `the ${theme} theme`,
    async () => (await page.locator(`.monaco-workbench.${workbenchClass}`).count()) > 0,
    30_000,
  );
  return panelFrame(page, 60_000);
}
