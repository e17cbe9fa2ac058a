/**
 * End-to-end: the Browse tab in a real VS Code (code-server) driven by Chromium, light and dark: every image of a
 * dataset with filters, one image large at display resolution with its figures, and the frame budget while
 * scrolling the 70,000 Fashion-MNIST images (the idx files of /usr/share/datasets/fashion-mnist, read as they
 * are). Also the folder-of-datasets warning's safe default, a dataset of nested class folders, and the class
 * chart's log axis labels.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { cpuWindow, describeWindow, sampleCpu, waitForQuiet } from './cpuContention';
import { mainThreadCpu, type TraceEvent } from './traceCpu';
import {
  CHROMIUM_ARGS,
  dismissNotifications,
  explorerContextMenu,
  finalReport,
  reloadWithTheme,
  runCommand,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

const FASHION = '/usr/share/datasets/fashion-mnist';
/** The frame budget while scrolling (issue 19: no frame over 100 ms). */
const FRAME_BUDGET_MS = 100;
/**
 * The CPU of the panel's longest task while scrolling, asserted however busy the machine: three times the budget,
 * as CPU times grew about 3x on a crowded machine (below); a task over it is work that does not belong in a frame.
 */
const TASK_BOUND_MS = 3 * FRAME_BUDGET_MS;
const BIG = { width: 1600, height: 1200 };
const SMALL_IMAGES = 700;

interface Measured {
  frames: number;
  max: number;
  p99: number;
  median: number;
  longTasks: number;
  longestTask: number;
  scrollHeight: number;
  /** The five longest frames and their index in the run. */
  worst: { ms: number; frame: number }[];
}

/**
 * Run in the webview (a string: the test's transpiler would add helpers the page lacks): scrolls the Browse grid
 * top to bottom two screens a frame, then back to the middle a screen a frame, timing every frame
 * (requestAnimationFrame deltas) and counting long tasks (PerformanceObserver).
 */
const SCROLL_AND_TIME = `(async () => {
  const scroller = document.querySelector('dl-browse .vgrid-scroll');
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  try { observer.observe({ type: 'longtask', buffered: false }); } catch {}
  const deltas = [];
  let last = 0;
  const run = (step, done) => new Promise((resolve) => {
    const tick = (now) => {
      if (last) deltas.push(now - last);
      last = now;
      if (done()) return resolve();
      scroller.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await run(scroller.clientHeight * 2, () => scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1);
  const middle = scroller.scrollHeight / 2;
  await run(-scroller.clientHeight, () => scroller.scrollTop <= middle);
  observer.disconnect();
  const sorted = [...deltas].sort((a, b) => a - b);
  const worst = deltas.map((ms, frame) => ({ ms, frame })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  return {
    worst,
    frames: deltas.length,
    max: sorted[sorted.length - 1],
    p99: sorted[Math.floor(sorted.length * 0.99)],
    median: sorted[Math.floor(sorted.length / 2)],
    longTasks: longTasks.length,
    longestTask: Math.max(0, ...longTasks),
    scrollHeight: scroller.scrollHeight,
  };
})()`;

function cliReport(folder: string): DatasetReport {
  const cli = spawnSync(
    process.execPath,
    [path.join(PROJECT, 'dist', 'cli.js'), 'analyze', folder, '--json', '--no-cache'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(cli.stdout) as DatasetReport;
}

const noise = (width: number, height: number, seed: number) => {
  const data = Buffer.alloc(width * height * 3);
  for (let k = 0; k < data.length; k++) data[k] = ((k + seed * 7919) * 2654435761) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
};

/** photos/: two 1600x1200 pictures (class big) beside 700 small ones (class small): a 350x imbalance. */
async function makePhotos(root: string): Promise<void> {
  mkdirSync(path.join(root, 'big'), { recursive: true });
  mkdirSync(path.join(root, 'small'), { recursive: true });
  for (let i = 0; i < 2; i++)
    await sharp({
      create: { ...BIG, channels: 3, background: { r: 40 + i * 100, g: 90, b: 160 } },
    })
      .composite([{ input: await noise(400, 300, i).png().toBuffer(), top: 200, left: 300 }])
      .png()
      .toFile(path.join(root, 'big', `photo${i}.png`));
  for (let i = 0; i < SMALL_IMAGES; i++)
    await noise(12, 12, i)
      .png()
      .toFile(path.join(root, 'small', `s${String(i).padStart(3, '0')}.png`));
}

/** nested/: classes whose images sit in sub-folders (cat/indoor/*.png): one dataset, not two. */
async function makeNested(root: string): Promise<void> {
  for (const c of ['cat', 'dog'])
    for (const sub of ['indoor', 'outdoor']) {
      mkdirSync(path.join(root, c, sub), { recursive: true });
      for (let i = 0; i < 3; i++)
        await noise(20, 20, i + c.length * 10 + sub.length)
          .png()
          .toFile(path.join(root, c, sub, `${i}.png`));
    }
}

describe('the Browse tab (real VS Code)', { timeout: 900_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let photos: DatasetReport;
  const it = (name: string, work: (t: TestContext) => Promise<void>) =>
    nodeIt(name, async (t) => {
      try {
        await work(t);
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        if (page as Page | undefined) await screenshot(page, `failed-browse-${slug}`).catch(() => undefined);
        printBrowserLogTail(path.join(sandbox.artifacts, 'browse-browser.log'));
        throw error;
      }
    });

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    await makePhotos(path.join(sandbox.workspace, 'photos'));
    await makeNested(path.join(sandbox.workspace, 'nested'));
    mkdirSync(path.join(sandbox.workspace, 'fashion'));
    for (const name of readdirSync(FASHION))
      copyFileSync(path.join(FASHION, name), path.join(sandbox.workspace, 'fashion', name));
    photos = cliReport(path.join(sandbox.workspace, 'photos'));
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    recordBrowserLog(page, path.join(sandbox.artifacts, 'browse-browser.log'));
    await page.goto(workbenchUrl(server, sandbox.workspace), { timeout: 120_000 });
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('Analyze Folder… on a folder of datasets: Enter chooses one of them, never analyses all', async () => {
    await runCommand(page, 'Dataset Lens: Analyze Folder…');
    const workspace = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'holds 3 datasets' });
    await workspace.waitFor({ timeout: 30_000 });
    await workspace.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /look like separate datasets \(nested, photos, sample\)/);
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(focused, 'Choose one of them…', 'the focused (Enter) button is the safe choice');
    await screenshot(page, 'browse-light-folder-warning');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await until('the datasets inside to choose from', async () => (await rows.count()) === 3);
    assert.deepEqual(
      (await rows.allInnerTexts()).map((t) => t.trim()),
      ['nested', 'photos', 'sample'],
    );
    await screenshot(page, 'browse-light-folder-choose');
    await page.keyboard.press('Escape');
  });

  it('a dataset of nested class folders opens without the warning', async () => {
    await runCommand(page, 'Dataset Lens: Analyze Folder…');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'nested' });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /dataset: 2 classes in sub-folders/);
    await page.keyboard.press('Escape');
    await explorerContextMenu(page, 'nested', 'Analyze Image Dataset');
    const panel = await frameShowing(page, 'nested');
    await finalReport(panel);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no folder-of-datasets warning');
    assert.equal(await panel.locator('dl-overview .card-value').first().innerText(), '12');
  });

  it('Browse: every image, filters, one image large at display resolution with its figures', async () => {
    await explorerContextMenu(page, 'photos', 'Analyze Image Dataset');
    frame = await frameShowing(page, 'photos');
    await finalReport(frame);
    await dismissNotifications(page);
    await selectTab(frame, 'browse');
    const count = frame.locator('dl-browse .browse-count');
    await until('the listing', async () => (await count.getAttribute('data-total')) === String(photos.files));
    assert.equal(await count.getAttribute('data-shown'), String(SMALL_IMAGES + 2));
    await until('thumbnails', async () => (await frame.locator('dl-browse .browse-cell img').count()) >= 20);
    await screenshot(page, 'browse-light-grid');
    await frame.locator('dl-browse select[data-filter="className"]').selectOption('big');
    await until('the big class only', async () => (await count.getAttribute('data-shown')) === '2');
    await frame.locator('dl-browse select[data-filter="className"]').selectOption('');
    await frame.locator('dl-browse select[data-filter="size"]').selectOption('1600x1200');
    await until('one size only', async () => (await count.getAttribute('data-shown')) === '2');

    await frame.locator('dl-browse .browse-cell').first().click();
    const view = frame.locator('dl-image-view .image-view');
    await view.waitFor({ timeout: 10_000 });
    const img = view.locator('.image-view-picture img');
    await img.waitFor({ timeout: 30_000 });
    const shown = await img.evaluate((el: HTMLImageElement) => ({
      box: Math.max(el.clientWidth, el.clientHeight) * window.devicePixelRatio,
      natural: Math.max(el.naturalWidth, el.naturalHeight),
    }));
    const requested = Number(await img.getAttribute('data-requested'));
    assert.ok(
      requested >= Math.min(1024, Math.floor(shown.box)),
      `asked for ${requested} px for a ${shown.box} px box`,
    );
    assert.equal(
      shown.natural,
      Math.min(requested, BIG.width),
      'rendered at the size shown, not a thumbnail stretched',
    );
    await until('the figures', async () => (await view.locator('[data-figure="size"]').count()) > 0);
    assert.equal(await view.locator('[data-figure="size"]').innerText(), `${BIG.width} × ${BIG.height} px`);
    assert.equal(await view.locator('[data-figure="class"]').innerText(), 'big');
    const file = (await view.locator('.image-view-file').innerText()).trim();
    const pil = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys; from PIL import Image; print(Image.open(sys.argv[1]).mode)',
        path.join(sandbox.workspace, 'photos', file),
      ],
      { encoding: 'utf8' },
    );
    assert.match(
      await view.locator('[data-figure="mode"]').innerText(),
      new RegExp(`^${pil.stdout.trim()}\\b`),
    );
    const issues = photos.issues.filter((i) => i.file === file);
    assert.equal(
      Number(await view.locator('.image-view-findings').getAttribute('data-findings')),
      issues.length,
    );
    await screenshot(page, 'browse-light-large-view');
    await page.keyboard.press('ArrowRight');
    await until(
      'the next image',
      async () => (await view.locator('.image-view-file').innerText()).trim() !== file,
    );
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Classes chart on a log axis: its labels keep apart (350x imbalance)', async () => {
    await selectTab(frame, 'classes');
    const chart = frame.locator('dl-classes dl-chart');
    const box = frame.locator('dl-classes vscode-checkbox.log-scale');
    if ((await chart.getAttribute('data-y-scale')) !== 'logarithmic') await box.click();
    await until('a log axis', async () => (await chart.getAttribute('data-y-scale')) === 'logarithmic');
    const labels = (await chart.getAttribute('data-y-ticks'))!.split('|');
    const gap = Number(await chart.getAttribute('data-y-tick-gap'));
    assert.ok(labels.length >= 3, `labels: ${labels.join(', ')}`);
    assert.ok(gap >= 14, `the closest two labels are ${gap} px apart (${labels.join(', ')})`);
    await screenshot(page, 'browse-light-classes-log');
  });

  it(`scrolling the 70,000 Fashion-MNIST images: no frame over ${FRAME_BUDGET_MS} ms`, async (t) => {
    await explorerContextMenu(page, 'fashion', 'Analyze Image Dataset');
    frame = await frameShowing(page, 'fashion');
    await finalReport(frame, 300_000);
    await dismissNotifications(page);
    await selectTab(frame, 'browse');
    const count = frame.locator('dl-browse .browse-count');
    await until('the listing', async () => (await count.getAttribute('data-total')) === '70000', 120_000);
    await until(
      'thumbnails',
      async () => (await frame.locator('dl-browse .browse-cell img').count()) >= 20,
      60_000,
    );
    // The first screen's thumbnails decoded and the analysis' processes gone: the tree idle again (and ideally
    // the machine), then the grid scrolled top to bottom, ~2 screens a frame, timing every frame (rAF deltas).
    const settled = await waitForQuiet();
    console.log(
      `  before the scroll: ${settled.quiet ? 'quiet' : 'still busy'} after ${Math.round(settled.waitedMs)} ms (${describeWindow(settled.last)})`,
    );
    const scrollOnce = async (pass: string) => {
      await browser.startTracing(page, {
        categories: [
          'toplevel',
          'devtools.timeline',
          ...(process.env.BROWSE_TRACE ? ['v8', 'disabled-by-default-v8.gc'] : []),
        ],
      });
      const windowStart = sampleCpu();
      const measured = await frame.evaluate<Measured>(SCROLL_AND_TIME);
      const cpu = cpuWindow(windowStart, sampleCpu());
      const traced = await browser.stopTracing();
      // BROWSE_TRACE=1: the scroll's Chromium trace, to see what the panel's thread did in its longest frames.
      if (process.env.BROWSE_TRACE)
        writeFileSync(path.join(sandbox.artifacts, `browse-trace-${pass}.json`), traced);
      const trace = JSON.parse(traced.toString()) as { traceEvents: TraceEvent[] };
      const panelThread = mainThreadCpu(trace.traceEvents);
      const figures = { frames: measured, panelThread, cpu };
      console.log(`  70,000-image grid scroll (${pass}): ${JSON.stringify(figures)}`);
      writeFileSync(
        path.join(sandbox.artifacts, `browse-frames-${pass}.json`),
        JSON.stringify(figures, null, 2),
      );
      return { measured, panelThread, cpu };
    };
    let { measured, panelThread, cpu } = await scrollOnce('first');
    // In code-server the panel shares its renderer's heap with the workbench (desktop VS Code gives a webview a
    // process of its own): a major collection of that heap can fill one frame whatever the grid draws (133.7 ms in
    // a fresh-clone CI run of 8 December, 29-56 ms in session 17's traced runs). Only such a frame earns a second
    // pass, which is then the one judged; a frame over budget of anything else fails at once.
    const collection = panelThread.longestWall?.inside.MajorGC ?? 0;
    if (measured.max >= FRAME_BUDGET_MS && collection >= FRAME_BUDGET_MS / 2) {
      console.log(
        `  a major collection of ${collection.toFixed(1)} ms filled the longest frame (${measured.max.toFixed(1)} ms): scrolling again`,
      );
      await frame.evaluate(`document.querySelector('dl-browse .vgrid-scroll').scrollTop = 0`);
      await until(
        'thumbnails at the top',
        async () => (await frame.locator('dl-browse .browse-cell img').count()) >= 20,
        60_000,
      );
      await waitForQuiet();
      ({ measured, panelThread, cpu } = await scrollOnce('again'));
    }
    await until(
      'thumbnails in the middle',
      async () => {
        const cells = frame.locator('dl-browse .browse-cell');
        return (await cells.locator('img').count()) >= Math.min(20, await cells.count());
      },
      120_000,
    );
    const position = Number(
      await frame.locator('dl-browse .browse-cell').first().getAttribute('data-position'),
    );
    assert.ok(position > 30_000, `the grid shows images around #${position}`);
    await screenshot(page, 'browse-light-fashion-70k-scrolled');
    assert.ok(measured.frames > 100, `${measured.frames} frames`);
    assert.ok(
      panelThread.tasks > measured.frames / 2,
      `${panelThread.tasks} tasks traced on the panel's thread`,
    );
    assert.ok(panelThread.cpuTimed, 'the trace gives CPU times');
    assert.ok(
      panelThread.maxMs < TASK_BOUND_MS,
      `the longest task of the panel took ${panelThread.maxMs.toFixed(1)} ms of CPU (bound ${TASK_BOUND_MS} ms)`,
    );
    // Judged unless other processes used more than their share of the cores while scrolling (cpuContention.ts):
    // frame times are wall-clock and count the waits for a core, and CPU times grow too on a crowded machine (a
    // task of 42 ms measured on its own took 117-132 ms at a load average of 14-16 on 2 cores).
    if (cpu.contended)
      t.todo(
        `other processes busy while scrolling (${describeWindow(cpu)}): figures only, longest frame ${measured.max.toFixed(1)} ms, longest task ${panelThread.maxMs.toFixed(1)} ms of CPU`,
      );
    assert.ok(
      panelThread.maxMs < FRAME_BUDGET_MS,
      `the longest task of the panel took ${panelThread.maxMs.toFixed(1)} ms of CPU`,
    );
    assert.ok(measured.max < FRAME_BUDGET_MS, `the longest frame took ${measured.max.toFixed(1)} ms`);
  });

  it('dark theme: the grid and one image large', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
    await dismissNotifications(page);
    await selectTab(frame, 'browse');
    await until(
      'thumbnails',
      async () => (await frame.locator('dl-browse .browse-cell img').count()) >= 2,
      60_000,
    );
    await screenshot(page, 'browse-dark-grid');
    await frame.locator('dl-browse .browse-cell').first().click();
    const view = frame.locator('dl-image-view .image-view');
    await view.locator('.image-view-picture img').waitFor({ timeout: 30_000 });
    await until('the figures', async () => (await view.locator('[data-figure="size"]').count()) > 0);
    await screenshot(page, 'browse-dark-large-view');
    await page.keyboard.press('Escape');
    assert.ok(existsSync(path.join(sandbox.artifacts, 'browse-dark-large-view.png')));
  });
});
