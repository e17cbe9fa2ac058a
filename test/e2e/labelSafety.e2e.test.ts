/**
 * End-to-end: label safety in a real VS Code (code-server + Chromium, see vscode.e2e.test.ts) on generated digits
 * whose 9 is the 6 turned (test/unit/helpers/probeData): the probe runs from the command palette and its result
 * shows in the panel; generated code and pipeline files carry the warnings. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  pickQuickItem,
  reloadWithTheme,
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
    await page.goto(workbenchUrl(server, sandbox.workspace), { timeout: 120_000 });
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
    // A loaded machine may show the workbench before the extension's menu entries: retry until they are there.
    await until(
      'the Analyze Image Dataset menu entry',
      async () => {
        try {
          await explorerContextMenu(page, 'digits', 'Analyze Image Dataset');
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

  it("the panel's code buttons put the warning above the step that breaks labels", async () => {
    await selectTab(frame, 'augment');
    await frame.locator('dl-augment vscode-button', { hasText: 'keras code' }).click();
    const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await page.locator('.tabs-container .tab', { hasText: 'Untitled' }).first().waitFor({ timeout: 30_000 });
    // Helper classes come first: find the warning, so the editor scrolls to it (only visible lines are drawn).
    await editor.click();
    await page.keyboard.press('Control+F');
    await page.keyboard.type('LABEL SAFETY');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    const warning = await until(
      'the generated code with its warning',
      async () => {
        const text = (await editor.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        return text.split('\n').find((l) => l.includes('# LABEL SAFETY'));
      },
      30_000,
    );
    assert.match(
      warning.trim(),
      /^# LABEL SAFETY: this step breaks labels \(measured and digits rule\): "6" -> "9"/,
    );
    await screenshot(page, 'light-label-safety-code');
    await closeEditorTab(page, 'Untitled');
  });

  it('a pipeline file open in the editor gets Problems for flagged steps, with the pairs and the measurement', async () => {
    const file = path.join(sandbox.workspace, 'turn.pipeline.json');
    const steps = [
      { name: 'rotate', degrees: [180, 180], fill: 'reflect', p: 1 },
      { name: 'flipHorizontal', p: 0.5 },
    ];
    writeFileSync(file, JSON.stringify({ version: 1, seed: 42, transforms: steps }, null, 2));
    await page.keyboard.press('Control+P');
    await pickQuickItem(page, 'turn.pipeline.json');
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const texts = await until(
      'problems of turn.pipeline.json',
      async () => {
        const all = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
        return (
          all.some((t) => /Breaks labels/.test(t)) && all.some((t) => /May change labels/.test(t)) && all
        );
      },
      30_000,
    );
    const turn = texts.find((t) => /Breaks labels/.test(t))!;
    assert.match(turn, /Breaks labels \(measured and digits rule\): 6→9 \+\d+%, 9→6/);
    assert.match(turn, /Training with it costs \+0\.\d{3} of clean accuracy/);
    const mirror = texts.find((t) => /May change labels/.test(t))!;
    assert.match(mirror, /\(digits rule\)/);
    assert.match(mirror, /Probe Label Safety/, 'not measured in this form: says how to measure');
    await screenshot(page, 'light-label-safety-problems');
  });

  it('preview variants whose class the turn changes are marked; export asks first, naming the step and pairs', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Dataset Lens: digits' }).first().click();
    frame = await panelFrame(page);
    await selectTab(frame, 'augment');
    const six = frame.locator('dl-augment .preview-row[data-class="6"] .preview-cell:not(.original)');
    await six.first().waitFor({ timeout: 60_000 });
    const marks = await six.locator('.variant-mark.breaks').allInnerTexts();
    assert.equal(marks.length, await six.count(), 'the turn fires on every variant (p = 1)');
    assert.ok(
      marks.every((m) => /may read as 9/.test(m)),
      marks.join(' | '),
    );
    const zero = frame.locator('dl-augment .preview-row[data-class="0"] .variant-mark');
    assert.equal(await zero.count(), 0, 'a turned 0 is still a 0 for the rules');
    await six.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'light-label-safety-preview-marks');

    await frame.locator('#export-dataset').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Export with a step that breaks labels\?/);
    assert.match(text, /2\. rotate \(measured and digits rule\): 6→9/);
    await screenshot(page, 'light-label-safety-export-question');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(
      await page.locator('.quick-input-widget .quick-input-box input').isVisible(),
      false,
      'no output folder asked: the export did not start',
    );
  });

  it('dark theme: after a reload the measured banner and verdicts come back; a changed dataset drops them', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
    await selectTab(frame, 'augment');
    await banner().waitFor({ timeout: 60_000 });
    await until(
      'the restored measurement',
      async () => (await banner().locator('.badge').innerText()) === 'measured',
      60_000,
      500,
    );
    assert.match(await banner().innerText(), /1 step breaks labels/);
    assert.match(await banner().locator('.probe-info').innerText(), /Measured on 225 train \/ 75 held-out/);
    assert.match(
      await step('rotate').locator('.label-warning.breaks').innerText(),
      /Breaks labels \(measured\)/,
      'no probe ran after the reload: the stored result is shown',
    );
    await frame.locator('dl-augment .variant-mark.breaks').first().waitFor({ timeout: 60_000 });
    await dismissNotifications(page);
    await screenshot(page, 'dark-label-safety');

    // One more image in the folder: the re-analysis finds another dataset, the measurement no longer holds.
    const six = path.join(sandbox.workspace, 'digits', '6');
    copyFileSync(path.join(six, readdirSync(six)[0]), path.join(six, 'added.png'));
    await frame.locator('vscode-button', { hasText: 'Re-analyse' }).click();
    await until(
      'the rules after the dataset changed',
      async () =>
        (await banner()
          .locator('.badge')
          .innerText()
          .catch(() => '')) === 'rules',
      120_000,
      500,
    );
    assert.match(await banner().innerText(), /1 step breaks labels/, 'the rules still flag the turn');
  });
});

async function closeEditorTab(page: Page, title: string): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: title });
  await tab.first().locator('.codicon-close').click();
  // An untitled editor asks whether to save it.
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  await dontSave.click({ timeout: 3000 }).catch(() => undefined);
  await until(`the ${title} tab to close`, async () => (await tab.count()) === 0, 10_000);
}
