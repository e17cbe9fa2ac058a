/**
 * End-to-end: the content checks in a real VS Code (code-server + Chromium, see vscode.e2e.test.ts) on generated
 * digit glyphs (test/unit/helpers/probeData) where one "1" sits in the "7" folder: the Content tab's one button
 * runs them with progress, Cancel stops the run, a second click finishes it and the misfiled image is listed
 * with the class it looks like, and "More like this" under it finds the 1s. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { readdirSync, renameSync, rmSync } from 'node:fs';
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
  runCommand,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

const MISFILED = '7/misfiled_1.png';

describe('Content checks in a real VS Code', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  const it = (name: string, work: () => Promise<void>) =>
    nodeIt(name, async () => {
      try {
        await work();
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        if (page as Page | undefined) await screenshot(page, `failed-${slug}`).catch(() => undefined);
        throw error;
      }
    });

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    const root = path.join(sandbox.workspace, 'glyphs');
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

  const start = () => frame.locator('dl-content vscode-button[data-action="analyze-content"]');
  const cancel = () => frame.locator('dl-app .header-actions vscode-button[icon="close"]');
  /** The run is over (finalReport waits for the Overview tab, not shown here). */
  const finished = async (ms: number) => {
    await frame.locator('dl-app .banner.partial').waitFor({ state: 'detached', timeout: ms });
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: ms });
  };

  it('the Content tab offers one button; Cancel stops the run and the tab offers it again', async () => {
    await until(
      'the Analyze Image Dataset menu entry',
      async () => {
        try {
          await explorerContextMenu(page, 'glyphs', 'Analyze Image Dataset');
          return true;
        } catch {
          await page.keyboard.press('Escape');
          return false;
        }
      },
      120_000,
      1000,
    );
    frame = await panelFrame(page, 120_000);
    await finalReport(frame, 120_000);
    await selectTab(frame, 'content');
    await start().waitFor({ timeout: 30_000 });
    await screenshot(page, 'content-start');
    await start().click();
    await cancel().waitFor({ timeout: 30_000 });
    await frame.locator('dl-app .progress').waitFor({ timeout: 30_000 });
    await screenshot(page, 'content-running');
    await cancel().click();
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('dl-app .banner.error').innerText(), /Analysis cancelled/);
    await start().waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('dl-content [data-section="label-issues"]').count(), 0);
  });

  it('a second click finishes: the misfiled 1 is listed first, as a 7 that looks like a 1', async () => {
    await start().click();
    const flagged = frame.locator(
      `dl-content [data-section="label-issues"] button.thumb[data-file="${MISFILED}"]`,
    );
    await flagged.waitFor({ timeout: 300_000 });
    await finished(120_000);
    assert.match(await flagged.locator('.thumb-note').innerText(), /^7 → 1$/);
    const first = frame.locator('dl-content [data-section="label-issues"] button.thumb').first();
    assert.equal(await first.getAttribute('data-file'), MISFILED);
    assert.match(
      await frame.locator('dl-content [data-section="label-issues"] .note').first().innerText(),
      /multinomial logistic regression .*\(5-fold, 300 images/,
    );
    await frame.locator('dl-content [data-section="outliers"] .group').first().waitFor({ timeout: 30_000 });
    await dismissNotifications(page);
    await screenshot(page, 'content-results');
  });

  it('More like this, from a thumbnail: the misfiled 1 is most like the 1s', async () => {
    await frame.locator(`dl-content button.similar-button[data-similar="${MISFILED}"]`).first().click();
    const section = frame.locator('dl-content [data-section="similar"]');
    await section.locator('button.thumb').nth(1).waitFor({ timeout: 60_000 });
    assert.match(await section.locator('h2').innerText(), /More like 7\/misfiled_1\.png\s+of 300 images/);
    const files = await section
      .locator('button.thumb')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-file')));
    assert.equal(files[0], MISFILED);
    assert.equal(files.length, 13);
    assert.ok(
      files.slice(1, 6).every((f) => f?.startsWith('1/')),
      files.join(' '),
    );
    assert.match(
      await section.locator('button.thumb .thumb-note').nth(1).innerText(),
      /^similarity 0\.\d\d$/,
    );
    await screenshot(page, 'content-similar');
  });

  it('Re-analyse keeps the content checks', async () => {
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').click();
    await cancel().waitFor({ timeout: 30_000 });
    await finished(240_000);
    await frame
      .locator(`dl-content [data-section="label-issues"] button.thumb[data-file="${MISFILED}"]`)
      .waitFor({ timeout: 60_000 });
    assert.equal(await start().count(), 0);
  });

  it('a window reload runs the content checks again', async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(500);
    await waitForWorkbench(page);
    frame = await panelFrame(page, 60_000);
    await dismissNotifications(page);
    await selectTab(frame, 'content');
    await frame
      .locator(`dl-content [data-section="label-issues"] button.thumb[data-file="${MISFILED}"]`)
      .waitFor({ timeout: 240_000 });
    assert.equal(await start().count(), 0);
  });
});
