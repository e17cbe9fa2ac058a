/**
 * End-to-end: acting on findings from the Quality tab in a real VS Code (code-server), light theme: select rows,
 * then move to class… (and Undo move puts the file back), exclude (.datasetlensignore, and the next analysis
 * leaves the file out), quarantine (out of the dataset) and export the list. Nothing is deleted.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it as nodeIt } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import {
  createSandbox,
  ensureCodeServer,
  freePort,
  PROJECT,
  startCodeServer,
  workbenchUrl,
  type RunningServer,
  type Sandbox,
} from './codeServer';
import { frameShowing, printBrowserLogTail, recordBrowserLog } from './panel';
import {
  answerInput,
  CHROMIUM_ARGS,
  dismissNotifications,
  explorerContextMenu,
  finalReport,
  pickQuickItem,
  reloadWithTheme,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

/** An exact duplicate in the sample: moved to another class, then back. */
const MOVED = 'train/circle/circle_train_003_copy.webp';
const EXCLUDED = 'train/square/square_train_010_copy.png';
const QUARANTINED = 'val/star/broken_text.jpg';

describe('acting on findings (real VS Code)', { timeout: 600_000 }, () => {
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
        if (page as Page | undefined) await screenshot(page, `failed-actions-${slug}`).catch(() => undefined);
        printBrowserLogTail(path.join(sandbox.artifacts, 'actions-browser.log'));
        throw error;
      }
    });

  const row = (file: string) => frame.locator(`dl-findings-table tbody tr[data-file="${file}"]`).first();
  const select = async (...files: string[]) => {
    for (const file of files) await row(file).locator('td.select input').check();
    await until(
      `${files.length} selected`,
      async () =>
        (await frame.locator('dl-quality .selection-count').getAttribute('data-selected')) ===
        String(files.length),
    );
  };
  /** Waits for the analysis an action started to finish (no partial banner, Re-analyse back), on any tab. */
  const settled = async () => {
    await page.waitForTimeout(500);
    await frame.locator('dl-app .banner.partial').waitFor({ state: 'detached', timeout: 60_000 });
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: 60_000 });
  };
  const action = (name: string) => frame.locator(`dl-quality vscode-button[data-action="${name}"]`);

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    root = path.join(sandbox.workspace, 'act');
    cpSync(path.join(PROJECT, 'media', 'sample'), root, { recursive: true });
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    recordBrowserLog(page, path.join(sandbox.artifacts, 'actions-browser.log'));
    await page.goto(workbenchUrl(server, sandbox.workspace), { timeout: 120_000 });
    await waitForWorkbench(page);
    await explorerContextMenu(page, 'act', 'Analyze Image Dataset');
    frame = await frameShowing(page, 'act');
    await finalReport(frame);
    await dismissNotifications(page);
    await selectTab(frame, 'quality');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('move to class… moves the selected file into that class folder; Undo move puts it back', async () => {
    const from = path.join(root, MOVED);
    const to = path.join(root, 'train', 'square', path.basename(MOVED));
    await select(MOVED);
    await action('moveToClass').click();
    await pickQuickItem(page, 'square');
    await until('the file in train/square', async () => existsSync(to) && !existsSync(from));
    await until('the panel to say so', async () =>
      /Moved 1 file/.test(await frame.locator('dl-quality .action-status').innerText()),
    );
    await screenshot(page, 'actions-light-moved-to-class');
    await settled();
    await frame.locator('dl-quality vscode-button[data-action="undo"]').click();
    await until('the file back in train/circle', async () => existsSync(from) && !existsSync(to));
    await until('the panel to say so', async () =>
      /Moved 1 file\(s\) back/.test(await frame.locator('dl-quality .action-status').innerText()),
    );
    await screenshot(page, 'actions-light-move-undone');
  });

  it('exclude writes .datasetlensignore, and the next analysis leaves the file out', async () => {
    await dismissNotifications(page);
    await settled();
    await select(EXCLUDED);
    await action('exclude').click();
    const ignoreFile = path.join(root, '.datasetlensignore');
    await until('the exclude file', async () => existsSync(ignoreFile));
    assert.match(readFileSync(ignoreFile, 'utf8'), new RegExp(`^/${EXCLUDED.replace(/[.]/g, '\\.')}$`, 'm'));
    await until('the file gone from the table', async () => (await row(EXCLUDED).count()) === 0, 60_000);
    await settled();
    await selectTab(frame, 'overview');
    const skipped = frame.locator('dl-overview section', { hasText: 'Skipped' });
    assert.match(await skipped.innerText(), /Excluded by \.datasetlensignore\s+1/);
    await screenshot(page, 'actions-light-excluded-overview');
    assert.ok(existsSync(path.join(root, EXCLUDED)), 'nothing is deleted');
  });

  it('quarantine asks, then moves the file out of the dataset, path kept', async () => {
    await selectTab(frame, 'quality');
    await select(QUARANTINED);
    await action('quarantine').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /out of the dataset/);
    await screenshot(page, 'actions-light-quarantine-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Move out of the dataset' }).click();
    const target = path.join(`${root}-quarantine`, QUARANTINED);
    await until('the file in the quarantine folder', async () => existsSync(target));
    assert.ok(!existsSync(path.join(root, QUARANTINED)));
  });

  it('export list writes the selected findings as CSV', async () => {
    await dismissNotifications(page);
    await settled();
    const files = ['train/circle/broken_empty.png', 'train/star/star_train_005.png'];
    await select(...files);
    await screenshot(page, 'actions-light-selected');
    await action('export').click();
    const target = path.join(sandbox.workspace, 'act-findings.csv');
    await answerInput(page, target);
    let text = '';
    await until('the CSV, complete', async () => {
      text = existsSync(target) ? readFileSync(target, 'utf8') : '';
      return text.endsWith('\r\n');
    });
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'file,kind,finding,class,split,score,reason,worstOf');
    assert.deepEqual([...new Set(lines.slice(1).map((l) => l.split(',')[0]))].sort(), files);
    assert.ok(lines.some((l) => l.startsWith('train/star/star_train_005.png,leakage,Leakage,star,train,1,')));
  });

  it('dark theme: the action bar with a selection', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
    await dismissNotifications(page);
    await selectTab(frame, 'quality');
    await select('train/circle/broken_empty.png');
    assert.equal(await action('exclude').getAttribute('disabled'), null, 'enabled with a selection');
    await screenshot(page, 'actions-dark-selected');
  });
});
