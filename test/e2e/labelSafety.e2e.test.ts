/**
 * End-to-end: label safety in a real VS Code (code-server + Chromium, see vscode.e2e.test.ts) on generated digits
 * whose 9 is the 6 turned (test/unit/helpers/probeData): the probe runs from the command palette and its result
 * shows in the panel; generated code and pipeline files carry the warnings. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
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
  finalReport,
  panelFrame,
  pickQuickItem,
  runCommand,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

describe('Label safety in a real VS Code', { timeout: 600_000 }, () => {
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
    await writeGlyphDataset(path.join(sandbox.workspace, 'digits'), DIGIT_GLYPHS, 60, 3);
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(workbenchUrl(server, sandbox.workspace));
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  const step = (name: string) => frame.locator(`dl-augment li.step[data-step="${name}"]`);
  const banner = () => frame.locator('.label-safety-banner');

  it('Probe Label Safety measures the pipeline with progress and shows each step: verdict, cost, pairs, features', async () => {
    await runCommand(page, 'Dataset Lens: Analyze Folder…');
    await pickQuickItem(page, 'digits');
    frame = await panelFrame(page);
    await finalReport(frame);
    await selectTab(frame, 'augment');
    await step('rotate').waitFor({ timeout: 60_000 });
    assert.equal(await step('flipHorizontal').count(), 0, "digits' default pipeline has no mirror");
    await step('rotate').locator('.p-field input').fill('1');
    await step('rotate').locator('.p-field input').press('Tab');
    for (const end of ['minimum', 'maximum']) {
      const input = step('rotate').locator(`input[aria-label="rotate degrees ${end}"]`);
      await input.fill('180');
      await input.press('Tab');
    }
    await step('rotate').locator('.label-warning.breaks').waitFor({ timeout: 30_000 });
    assert.equal(await banner().locator('.badge').innerText(), 'rules');

    await runCommand(page, 'Dataset Lens: Probe Label Safety');
    await banner().locator('.probe-running').waitFor({ timeout: 30_000 });
    assert.match(await banner().locator('.probe-running').innerText(), /Measuring: /);
    await screenshot(page, 'light-label-safety-probing');
    await until(
      'the measured verdicts',
      async () => (await banner().locator('.badge').innerText()) === 'measured',
      240_000,
      500,
    );
    const turned = await step('rotate').locator('.label-warning.breaks').innerText();
    assert.match(turned, /Breaks labels \(measured\)/);
    assert.match(turned, /6→9 \+\d+%/);
    assert.match(turned, /Training with it costs \+0\.\d{3} of clean accuracy \(95% interval \+0\.\d{3} to/);
    assert.match(await banner().locator('.probe-features').innerText(), /Features: 24x24 grey pixels/);
    assert.match(await banner().locator('.probe-info').innerText(), /Measured on 225 train \/ 75 held-out/);
    const light = await step('brightness').locator('.label-measured.safe').innerText();
    assert.match(light, /Safe \(measured\)/);
    await dismissNotifications(page);
    await screenshot(page, 'light-label-safety-measured');
  });

  it('cancelling the probe from its notification stops it; the last measurement stays', async () => {
    await runCommand(page, 'Dataset Lens: Probe Label Safety');
    await banner().locator('.probe-running').waitFor({ timeout: 30_000 });
    const cancel = page.locator('.notification-toast .monaco-button', { hasText: 'Cancel' }).first();
    await cancel.waitFor({ timeout: 30_000 });
    await cancel.click();
    await banner().locator('.probe-error').waitFor({ timeout: 30_000 });
    assert.match(await banner().locator('.probe-error').innerText(), /cancelled/);
    assert.equal(await banner().locator('.badge').innerText(), 'measured');
  });
});
