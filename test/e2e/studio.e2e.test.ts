/**
 * End-to-end: the Augment tab as a studio and the size figures, in a real VS Code (code-server) driven by
 * Chromium, light and dark. Size and aspect histograms with a recommended input size; the crop outputs that size;
 * preview cells resizable (kept across a reload) with captions in full; the export's plan per class before it
 * runs, originals kept on request; a pipeline file opens the dataset it names, or asks once; the statistics export
 * asks which dataset when several are open.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it as nodeIt, type TestContext } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import sharp from 'sharp';
import type { DatasetReport } from '../../src/core/engine/report';
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
import { cpuWindow, describeWindow, sampleCpu, waitForQuiet, type CpuWindow } from './cpuContention';
import { cpuSince, descendantsCpu } from './processCpu';
import {
  CHROMIUM_ARGS,
  dismissNotifications,
  explorerContextMenu,
  finalReport,
  pickQuickItem,
  reloadWithTheme,
  runCommand,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

/** 'mixed': images of many sizes and shapes, 6 of class big and 2 of class small (so balancing has work). */
const SIZES: Record<string, [number, number][]> = {
  big: [
    [40, 30],
    [64, 64],
    [100, 50],
    [30, 90],
    [200, 150],
    [48, 48],
  ],
  small: [
    [80, 60],
    [33, 33],
  ],
};

async function makeMixedDataset(root: string): Promise<void> {
  let seed = 1;
  for (const [cls, sizes] of Object.entries(SIZES)) {
    mkdirSync(path.join(root, cls), { recursive: true });
    for (const [i, [w, h]] of sizes.entries()) {
      const data = Buffer.alloc(w * h * 3);
      for (let k = 0; k < data.length; k++) data[k] = ((k + 1) * (seed * 2654435761)) >>> 24;
      seed++;
      await sharp(data, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toFile(path.join(root, cls, `${cls}${i}.png`));
    }
  }
}

/** 'photos': 10 classes x 2 JPEG "photos" of 480-640 px (smooth colour fields with grain). */
async function makePhotoDataset(root: string): Promise<void> {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let c = 0; c < 10; c++) {
    mkdirSync(path.join(root, `class${c}`), { recursive: true });
    for (let i = 0; i < 2; i++) {
      const field = Buffer.alloc(16 * 12 * 3);
      for (let k = 0; k < field.length; k++) field[k] = Math.floor(next() * 256);
      const [width, height] = i === 0 ? [640, 480] : [480, 600];
      await sharp(field, { raw: { width: 16, height: 12, channels: 3 } })
        .resize(width, height, { kernel: 'cubic', fit: 'fill' })
        .jpeg({ quality: 90 })
        .toFile(path.join(root, `class${c}`, `photo${i}.jpg`));
    }
  }
}

/** The chain on the photos: randomResizedCrop, flip, rotate with reflect fill, brightness. */
const CHAIN = {
  version: 1,
  seed: 3,
  transforms: [
    { name: 'randomResizedCrop', scale: [0.6, 1], p: 1 },
    { name: 'flipHorizontal', p: 0.5 },
    { name: 'rotate', degrees: [-15, 15], fill: 'reflect', p: 1 },
    { name: 'brightness', factor: [0.7, 1.3], p: 1 },
  ],
};

/**
 * Preview edits, from the 'change' event of an edit to the frame after every variant's caption changed (measured
 * in the webview: a MutationObserver sees the captions, then an animation frame and a task after it). Each edit is
 * made EDIT_ROUNDS times; the targets (issue 20) are judged on each edit's median, unless other processes used
 * more than their share of the cores while the edits ran (cpuContention.ts): the times are wall-clock and count
 * every wait for a core (on a loaded machine, load average 16-18 on 2 cores, photo edits took 0.4-1.7 s). The
 * bound holds for every edit always: it catches a return to full-size work (3.2-4.8 s there). Five rounds, not
 * three: most of a small edit's time is VS Code carrying the messages (panel to host 5-37 ms, host to panel 20-86 ms
 * on a quiet machine), and a median of three failed CI on two such waits ([103, 108, 59] ms).
 */
const PHOTO_EDIT_TARGET_MS = 300;
const SMALL_EDIT_TARGET_MS = 100;
const EDIT_BOUND_MS = 2500;
const EDIT_ROUNDS = 5;

/** 'small': 10 classes x 2 grey 28x28 PNGs (Fashion-MNIST's size). */
async function makeSmallDataset(root: string): Promise<void> {
  for (let c = 0; c < 10; c++) {
    mkdirSync(path.join(root, `class${c}`), { recursive: true });
    for (let i = 0; i < 2; i++) {
      const data = Buffer.alloc(28 * 28);
      for (let k = 0; k < data.length; k++) data[k] = ((k + 97 * (c * 2 + i)) * 2654435761) >>> 24;
      await sharp(data, { raw: { width: 28, height: 28, channels: 1 } })
        .png()
        .toFile(path.join(root, `class${c}`, `item${i}.png`));
    }
  }
}

function cliReport(folder: string): DatasetReport {
  const cli = spawnSync(
    process.execPath,
    [path.join(PROJECT, 'dist', 'cli.js'), 'analyze', folder, '--json'],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(cli.stdout) as DatasetReport;
}

const STEPS = [
  { name: 'flipVertical', p: 0.5 },
  { name: 'brightness', delta: [-0.2, 0.2], p: 1 },
];

/** One edit's hops (ms between the marks, in order) from the page's, host's and job's epoch-ms marks. */
function describeHops(edit: {
  started: number;
  dom: number;
  painted: number;
  decoded: number;
  hops: Record<string, number>;
}): string {
  const h = edit.hops;
  const marks: [string, number | undefined][] = [
    ['change', edit.started],
    ['asked', h.asked],
    ['hostIn', h.hostIn],
    ['jobIn', h.jobIn],
    ['built', h.built],
    ['encoded', h.encoded],
    ['jobBack', h.jobBack],
    ['answered', h.answered],
    ['rendered', h.rendered],
    ['captions', edit.dom],
    ['painted', edit.painted],
    ['decoded', edit.decoded],
  ];
  const parts: string[] = [];
  for (let i = 1; i < marks.length; i++) {
    const [name, at] = marks[i];
    const prev = marks[i - 1][1];
    parts.push(`${name} +${at === undefined || prev === undefined ? '?' : (at - prev).toFixed(1)}`);
  }
  return `${(edit.painted - edit.started).toFixed(0)} ms to painted (${parts.join(', ')}; job CPU ${h.jobCpuMs?.toFixed(1)} ms)`;
}

describe('the Augment tab as a studio, sizes and datasets (real VS Code)', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let mixed: DatasetReport;
  const it = (name: string, work: (t: TestContext) => Promise<void>) =>
    nodeIt(name, async (t) => {
      try {
        await work(t);
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        if (page as Page | undefined) await screenshot(page, `failed-studio-${slug}`).catch(() => undefined);
        printBrowserLogTail(path.join(sandbox.artifacts, 'studio-browser.log'));
        throw error;
      }
    });

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    await makeMixedDataset(path.join(sandbox.workspace, 'mixed'));
    await makePhotoDataset(path.join(sandbox.workspace, 'photos'));
    await makeSmallDataset(path.join(sandbox.workspace, 'small'));
    for (const dataset of ['photos', 'small'])
      writeFileSync(
        path.join(sandbox.workspace, `${dataset}.pipeline.json`),
        JSON.stringify({ ...CHAIN, dataset }, null, 2),
      );
    mixed = cliReport(path.join(sandbox.workspace, 'mixed'));
    writeFileSync(
      path.join(sandbox.workspace, 'tied.pipeline.json'),
      JSON.stringify({ version: 1, seed: 5, dataset: 'sample', transforms: STEPS }, null, 2),
    );
    writeFileSync(
      path.join(sandbox.workspace, 'loose.pipeline.json'),
      JSON.stringify({ version: 1, seed: 6, transforms: STEPS.slice(1) }, null, 2),
    );
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    recordBrowserLog(page, path.join(sandbox.artifacts, 'studio-browser.log'));
    await page.goto(workbenchUrl(server, sandbox.workspace), { timeout: 120_000 });
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('Overview: width, height and aspect histograms, and the recommended input size with its rule', async () => {
    await explorerContextMenu(page, 'mixed', 'Analyze Image Dataset');
    frame = await frameShowing(page, 'mixed');
    await finalReport(frame);
    await dismissNotifications(page);
    const shape = mixed.properties.shape!;
    const note = frame.locator('dl-overview .recommended-size');
    assert.equal(Number(await note.getAttribute('data-side')), shape.recommended.side);
    // Shorter sides 30 30 33 48 50 60 64 150: median 49, down to a multiple of 32.
    assert.equal(shape.recommended.side, 32);
    assert.match(await note.innerText(), /Recommended input size: 32×32.*median shorter side \(49 px\)/s);
    const aspect = frame.locator('dl-overview dl-chart.aspect-histogram');
    await until('the aspect chart', async () => (await aspect.getAttribute('data-labels')) !== null);
    const labels = (await aspect.getAttribute('data-labels'))!.split('|');
    assert.equal(labels.length, shape.aspectEdges.length);
    assert.equal(labels[0], '0–0.5');
    assert.equal(labels.at(-1), '≥ 2');
    const sides = (await frame.locator('dl-overview dl-chart.side-histogram').getAttribute('data-labels'))!;
    // Trimmed to the bins holding images: 16–31 (30) up to 192–255 (width 200).
    assert.equal(sides.split('|')[0], '16–31');
    assert.equal(sides.split('|').at(-1), '192–255');
    await frame.locator('dl-overview .size-charts').scrollIntoViewIfNeeded();
    await screenshot(page, 'studio-light-overview-sizes');
  });

  it('Augment: the crop outputs the recommended size; cells resize and keep their captions whole', async () => {
    await selectTab(frame, 'augment');
    const height = frame.locator('dl-augment input[aria-label="randomResizedCrop size height"]');
    await height.waitFor({ timeout: 30_000 });
    assert.equal(await height.inputValue(), '32');
    await frame.locator('dl-augment .preview-row').first().waitFor({ timeout: 60_000 });
    const slider = frame.locator('dl-augment #preview-cell-size');
    await slider.evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = input.max;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(
      'cells 384 px wide',
      async () =>
        (await frame
          .locator('dl-augment .preview-cell img')
          .first()
          .evaluate((img) => img.getBoundingClientRect().width)) >= 380,
      60_000,
    );
    assert.equal((await frame.locator('dl-augment .cell-size-value').innerText()).trim(), '384 px');
    const captions = frame.locator('dl-augment .preview-cell:not(.original) figcaption');
    assert.ok((await captions.count()) > 0);
    for (const caption of await captions.all()) {
      const { cut, text, title } = await caption.evaluate((el) => ({
        cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
        text: (el as HTMLElement).innerText,
        title: el.getAttribute('title'),
      }));
      assert.equal(cut, false, `caption cut: ${title}`);
      assert.equal(text.trim(), title?.trim());
    }
    await screenshot(page, 'studio-light-augment-large-cells');
    // A variant shown large is what training sees: the crop's output size.
    await frame.locator('dl-augment .preview-cell.enlargeable').first().click();
    const large = frame.locator('dl-augment .preview-large');
    await large.waitFor({ timeout: 10_000 });
    assert.match(await large.locator('figcaption').nth(1).innerText(), /augmented · 32×32/);
    assert.match(await large.locator('.sampled-params').innerText(), /crop \d+x\d+@\d+,\d+ to 32x32/);
    await screenshot(page, 'studio-light-augment-large-view');
    await page.keyboard.press('Escape');
    await large.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Export: balancing shows its plan per class first; originals are left out unless kept', async () => {
    const exporter = frame.locator('dl-augment-export');
    await exporter.locator('vscode-checkbox', { hasText: 'Balance classes' }).click();
    const plan = exporter.locator('details.export-plan');
    await until('the plan, open', async () => (await plan.getAttribute('open')) !== null);
    const cell = (cls: string, column: string) =>
      exporter.locator(`.export-plan-table tr[data-class="${cls}"] td.${column}`).innerText();
    await until('the balanced plan', async () => (await cell('small', 'augmented')) === '6');
    assert.equal(await cell('small', 'copies'), '3');
    assert.equal(await cell('big', 'augmented'), '6');
    assert.equal(await cell('small', 'result'), '6');
    assert.match(await plan.locator('summary').innerText(), /the originals are not written/);
    await exporter.locator('vscode-checkbox.keep-originals').click();
    await until('originals counted', async () => (await cell('small', 'originals')) === '2');
    assert.equal(await cell('small', 'result'), '8');
    assert.equal(await cell('big', 'result'), '12');
    assert.equal(await plan.locator('summary').getAttribute('data-total'), '20');
    await plan.scrollIntoViewIfNeeded();
    await screenshot(page, 'studio-light-export-plan');
  });

  it('Preview Augmentations opens the dataset a pipeline names, not the panel last active', async () => {
    await runCommand(page, 'Dataset Lens: Preview Augmentations');
    await pickQuickItem(page, 'tied.pipeline.json');
    const sample = await frameShowing(page, 'sample');
    await sample.locator('dl-augment li.step').first().waitFor({ timeout: 60_000 });
    const steps = await sample
      .locator('dl-augment li.step')
      .evaluateAll((li) => li.map((l) => l.getAttribute('data-step')));
    assert.deepEqual(
      steps,
      STEPS.map((s) => s.name),
    );
    await screenshot(page, 'studio-light-tied-pipeline');
  });

  it('a pipeline without a dataset asks once which one, and remembers the answer', async () => {
    await runCommand(page, 'Dataset Lens: Preview Augmentations');
    await pickQuickItem(page, 'loose.pipeline.json');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await until(
      'the question',
      async () =>
        /which dataset is loose\.pipeline\.json for\?/.test(await title.innerText().catch(() => '')),
      15_000,
    );
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /mixed/.test(r)) && rows.some((r) => /sample/.test(r)), rows.join(' | '));
    await screenshot(page, 'studio-light-which-dataset');
    await pickQuickItem(page, 'mixed');
    const panel = await frameShowing(page, 'mixed');
    await until(
      'the loose pipeline in mixed',
      async () => (await panel.locator('dl-augment li.step').count()) === 1,
      60_000,
    );
    // Asked once: the second time the panel comes up without the question.
    await runCommand(page, 'Dataset Lens: Preview Augmentations');
    await pickQuickItem(page, 'loose.pipeline.json');
    await page.waitForTimeout(1500);
    assert.doesNotMatch(await title.innerText().catch(() => ''), /which dataset/);
    // Saved from the panel, the file names its dataset (relative to the file): the tie travels with it.
    const file = path.join(sandbox.workspace, 'loose.pipeline.json');
    await panel.locator('dl-pipeline-editor vscode-button', { hasText: /^\s*Save\s*$/ }).click();
    await until(
      'the dataset field written',
      async () => (JSON.parse(readFileSync(file, 'utf8')) as { dataset?: string }).dataset === 'mixed',
      15_000,
    );
  });

  it('Export Normalization Stats asks which dataset when two panels are open', async () => {
    await runCommand(page, 'Dataset Lens: Export Normalization Stats');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await until(
      'the question',
      async () => /normalization statistics of which dataset/.test(await title.innerText().catch(() => '')),
      15_000,
    );
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    assert.equal(rows.filter((r) => /(active|open) panel/.test(r)).length, 2, rows.join(' | '));
    await screenshot(page, 'studio-light-stats-which-dataset');
    await page.keyboard.press('Escape');
  });

  it('dark theme: the sizes, large cells (kept across the reload) and the plan', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
    frame = await frameShowing(page, 'mixed');
    await dismissNotifications(page);
    await selectTab(frame, 'overview');
    await frame.locator('dl-overview .size-charts').scrollIntoViewIfNeeded();
    await screenshot(page, 'studio-dark-overview-sizes');
    await selectTab(frame, 'augment');
    await frame.locator('dl-augment .cell-size-value').waitFor({ timeout: 30_000 });
    assert.equal((await frame.locator('dl-augment .cell-size-value').innerText()).trim(), '384 px');
    await frame.locator('dl-augment .preview-cell img').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'studio-dark-augment-large-cells');
    const plan = frame.locator('dl-augment-export details.export-plan');
    await plan.waitFor({ timeout: 30_000 });
    await plan.scrollIntoViewIfNeeded();
    await screenshot(page, 'studio-dark-export-plan');
  });

  /**
   * Opens `dataset`'s pipeline in the panel at cells of 160 px, waits for the machine to be quiet, then makes six
   * edits EDIT_ROUNDS times and times each, from the input's 'change' to the frame after every variant's caption
   * changed: turning a step off removes its words from every caption, turning it on puts them back, whatever the
   * values drawn. Last step (re-runs itself), middle one, first one. Prints each edit's hops (the marks of the
   * panel, the host and the job) and the CPU time each process of the test used meanwhile; PREVIEW_TRACE=1 also
   * writes a Chromium trace of the edits to test-artifacts. Returns each edit's times and the CPU of the window.
   */
  async function timeEdits(dataset: string): Promise<{ times: Record<string, number[]>; window: CpuWindow }> {
    await runCommand(page, 'Dataset Lens: Preview Augmentations');
    await pickQuickItem(page, `${dataset}.pipeline.json`);
    const panel = await frameShowing(page, dataset);
    await dismissNotifications(page);
    const captions = panel.locator('dl-augment .preview-cell:not(.original) figcaption');
    await until('the 10-class grid', async () => (await captions.count()) === 30, 120_000);
    // The panel's default cells (the tests above left them at 384 px).
    await panel.locator('dl-augment #preview-cell-size').evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = '2';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(
      'cells of 160 px',
      async () => (await panel.locator('dl-augment .cell-size-value').innerText()).trim() === '160 px',
    );
    await until('the grid of 160 px cells', async () => {
      const widths = await panel
        .locator('dl-augment .preview-cell img')
        .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
      return widths.length === 40 && widths.every((w) => w > 0 && w <= 160);
    });
    const edits: [string, string][] = [];
    for (let round = 0; round < EDIT_ROUNDS; round++)
      for (const step of ['brightness', 'rotate', 'randomResizedCrop'])
        for (const p of ['0', '1']) edits.push([step, p]);
    const times: Record<string, number[]> = {};
    // The panel's and the test's own start-up work over, and ideally nobody else's: then the window is judged.
    const settled = await waitForQuiet();
    console.log(
      `  ${dataset}: ${settled.quiet ? 'quiet' : 'still busy'} after ${Math.round(settled.waitedMs)} ms (${describeWindow(settled.last)})`,
    );
    const windowStart = sampleCpu();
    if (process.env.PREVIEW_TRACE)
      await browser.startTracing(page, {
        categories: [
          'toplevel',
          'devtools.timeline',
          'v8',
          'blink',
          'ipc',
          'disabled-by-default-devtools.timeline',
        ],
      });
    for (const [step, p] of edits) {
      const cpuBefore = descendantsCpu();
      // One function, no named function inside: tsx would wrap those in a helper the page does not have.
      const edit = await panel.locator('dl-augment').evaluate(
        async (root, [name, value]) => {
          const selector = '.preview-cell:not(.original) figcaption';
          const before = Array.from(root.querySelectorAll(selector), (c) => c.textContent ?? '');
          const input = root.querySelector<HTMLInputElement>(`li.step[data-step="${name}"] .p-field input`)!;
          input.value = value;
          let timer: ReturnType<typeof setTimeout> | undefined;
          let observer: MutationObserver | undefined;
          // The moment the DOM holds every new caption: checked on each mutation, in the page, no polling.
          const changed = new Promise<number>((resolve, reject) => {
            observer = new MutationObserver(() => {
              const now = Array.from(root.querySelectorAll(selector), (c) => c.textContent ?? '');
              if (now.length === before.length && now.every((c, i) => c !== before[i]))
                resolve(performance.now());
            });
            observer.observe(root, { subtree: true, childList: true, characterData: true });
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `captions after ${name} p ${value}: ${Array.from(root.querySelectorAll(selector), (c) => c.textContent).join(' | ')}`,
                  ),
                ),
              60_000,
            );
          });
          const started = performance.now();
          input.dispatchEvent(new Event('change', { bubbles: true }));
          const dom = await changed.finally(() => {
            observer?.disconnect();
            clearTimeout(timer);
          });
          // On screen: the frame after that DOM, once produced (a task after its animation frame).
          const painted = await new Promise<number>((resolve) =>
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)),
          );
          const images = Array.from(
            root.querySelectorAll<HTMLImageElement>('.preview-cell:not(.original) img'),
          );
          await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
          const decoded = performance.now();
          const origin = performance.timeOrigin;
          const timing = root.querySelector('section.preview')?.getAttribute('data-timing');
          return {
            started: origin + started,
            dom: origin + dom,
            painted: origin + painted,
            decoded: origin + decoded,
            hops: JSON.parse(timing ?? '{}') as Record<string, number>,
          };
        },
        [step, p],
      );
      const cpu = cpuSince(cpuBefore, descendantsCpu());
      (times[`${step} p ${p}`] ??= []).push(Math.round(edit.painted - edit.started));
      console.log(`  ${dataset} ${step} p ${p}: ${describeHops(edit)}; CPU ms ${JSON.stringify(cpu)}`);
    }
    const window = cpuWindow(windowStart, sampleCpu());
    // PREVIEW_TRACE=1: a Chromium trace of the edits, to see what the renderer did meanwhile.
    if (process.env.PREVIEW_TRACE)
      writeFileSync(
        path.join(sandbox.artifacts, `preview-trace-${dataset}.json`),
        await browser.stopTracing(),
      );
    // Every picture shown: the originals kept by the panel, the variants received.
    const shown = await panel
      .locator('dl-augment .preview-cell img')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src.startsWith('data:image/')));
    assert.deepEqual(
      shown.filter((ok) => !ok),
      [],
      'a cell without its picture',
    );
    return { times, window };
  }

  /**
   * The bound on every edit always; the target on each edit's median (of EDIT_ROUNDS) unless other processes used
   * more than their share of the cores meanwhile (then figures only, a todo that says how much they used).
   */
  function judgeEdits(
    t: TestContext,
    what: string,
    { times, window }: { times: Record<string, number[]>; window: CpuWindow },
    target: number,
  ): void {
    const medians = Object.fromEntries(
      Object.entries(times).map(([edit, ms]) => [
        edit,
        [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)],
      ]),
    );
    console.log(
      `${what}, edit to every caption changed (ms): ${JSON.stringify({ times, medians })}; CPU ${describeWindow(window)}`,
    );
    for (const [edit, ms] of Object.entries(times))
      for (const one of ms) assert.ok(one < EDIT_BOUND_MS, `${edit}: ${one} ms (bound ${EDIT_BOUND_MS} ms)`);
    if (window.contended)
      t.todo(
        `other processes busy while measuring (${describeWindow(window)}): figures only, medians ${JSON.stringify(medians)}`,
      );
    for (const [edit, ms] of Object.entries(medians))
      assert.ok(
        ms < target,
        `${edit}: median ${ms} ms of ${JSON.stringify(times[edit])} (target ${target} ms)`,
      );
  }

  it(`Preview on photos: each edit gives a new 10-class grid, every caption changed, within 300 ms (median of ${EDIT_ROUNDS})`, async (t) => {
    const measured = await timeEdits('photos');
    await screenshot(page, 'studio-dark-augment-photos');
    judgeEdits(t, 'photo preview', measured, PHOTO_EDIT_TARGET_MS);
  });

  it(`Preview on small images: each edit gives a new 10-class grid within 100 ms (median of ${EDIT_ROUNDS})`, async (t) => {
    const measured = await timeEdits('small');
    await screenshot(page, 'studio-dark-augment-small');
    judgeEdits(t, 'small-image preview', measured, SMALL_EDIT_TARGET_MS);
  });
});
