/**
 * End-to-end: the Content tab's one-click "Move to <suggested class>" in a real VS Code (code-server + Chromium):
 * generated digit glyphs with one "1" in the "7" folder; after the content checks, the button under the misfiled
 * image moves it into 1/, the panel analyses again, and Undo moves it back. Light and dark screenshots.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it as nodeIt } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { DIGIT_GLYPHS, writeGlyphDataset } from '../unit/helpers/probeData';
import {
  createSandbox,
  ensureCodeServer,
  freePort,
  startCodeServer,
  workbenchUrl,
  type RunningServer,
  type Sandbox,
} from './codeServer';
import {
  CHROMIUM_ARGS,
  dismissNotifications,
  explorerContextMenu,
  finalReport,
  panelFrame,
  reloadWithTheme,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

const MISFILED = '7/misfiled_1.png';
const MOVED = '1/misfiled_1.png';

describe('Move to suggested class in a real VS Code', { timeout: 900_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let root: string;
  const it = (name: string, work: () => Promise<void>) =>
    nodeIt(name, async () => {
      try {
        await work();
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        if (page as Page | undefined) await screenshot(page, `failed-move-${slug}`).catch(() => undefined);
        throw error;
      }
    });

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    root = path.join(sandbox.workspace, 'glyphs');
    await writeGlyphDataset(root, DIGIT_GLYPHS, 60, 5);
    const one = readdirSync(path.join(root, '1')).sort()[3];
    renameSync(path.join(root, '1', one), path.join(root, MISFILED));
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(workbenchUrl(server, sandbox.workspace), { timeout: 120_000 });
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  const moveButton = () => frame.locator(`dl-content button.move-suggested[data-move="${MISFILED}"]`);

  it('one click moves the misfiled 1 into 1/, and Undo moves it back', async () => {
    await explorerContextMenu(page, 'glyphs', 'Analyze Image Dataset', 120_000);
    frame = await panelFrame(page, 120_000);
    await finalReport(frame, 120_000);
    await selectTab(frame, 'content');
    await frame.locator('dl-content vscode-button[data-action="analyze-content"]').click();
    await moveButton().waitFor({ timeout: 400_000 });
    await finalReport(frame, 120_000).catch(() => undefined);
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: 120_000 });
    assert.equal((await moveButton().innerText()).trim(), 'Move to 1');
    await dismissNotifications(page);
    await screenshot(page, 'move-suggested-light-before');
    await moveButton().click();
    await until('the file in 1/', async () => existsSync(path.join(root, MOVED)), 30_000);
    assert.equal(existsSync(path.join(root, MISFILED)), false, 'moved, not copied');
    const status = frame.locator('dl-content .move-status');
    await until('the status', async () => /Moved 7\/misfiled_1.png/.test(await status.innerText()));
    await screenshot(page, 'move-suggested-light-moved');
    await frame.locator('dl-content vscode-button[data-action="undo-move"]').click();
    await until('the file back in 7/', async () => existsSync(path.join(root, MISFILED)), 30_000);
    assert.equal(existsSync(path.join(root, MOVED)), false);
    await until('the undo status', async () => /Moved 1 file\(s\) back/.test(await status.innerText()));
    // Analysed again with the content checks, the file back in 7/ is flagged again.
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: 400_000 });
    await moveButton().waitFor({ timeout: 60_000 });
  });

  it('dark theme: the button under a possible label error', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
    await dismissNotifications(page);
    await selectTab(frame, 'content');
    await moveButton().waitFor({ timeout: 400_000 });
    await screenshot(page, 'move-suggested-dark');
  });
});
