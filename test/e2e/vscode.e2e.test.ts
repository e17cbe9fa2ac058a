/**
 * End-to-end: the extension in a real VS Code (code-server) driven by Chromium through playwright-core, on a
 * copy of the bundled sample dataset. Installs what it needs (scripts/e2e/install-code-server.sh), saves
 * screenshots (light and dark) to test-artifacts/, and runs the extension-host tests (test/extension) too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it as nodeIt } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import {
  createSandbox,
  ensureCodeServer,
  extensionTestsUrl,
  freePort,
  PROJECT,
  startCodeServer,
  workbenchUrl,
  type RunningServer,
  type Sandbox,
} from './codeServer';
import {
  answerInput,
  CHROMIUM_ARGS,
  closeAllEditors,
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
import { closePanel, frameShowing, printBrowserLogTail, recordBrowserLog } from './panel';

/** Copies of the sample in the 'bigger' folder (see the partial-results test). */
const BIGGER_COPIES = 12;

const timings: Record<string, number> = {};
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

describe('Dataset Lens in a real VS Code', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** A test that fails leaves a screenshot of the workbench as it was (test-artifacts/failed-*.png). */
  const it = (name: string, work: () => Promise<void>) =>
    nodeIt(name, async () => {
      try {
        await work();
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        if (page as Page | undefined) await screenshot(page, `failed-${slug}`).catch(() => undefined);
        printBrowserLogTail(path.join(sandbox.artifacts, 'browser.log'));
        throw error;
      }
    });
  /** What the CLI reports for the same folder: the panel must show the same numbers. */
  let expected: { files: number; classes: { name: string; count: number }[] };

  before(async () => {
    await timed('install', async () => ensureCodeServer());
    sandbox = createSandbox('Default Light Modern');
    // A second dataset whose class names make a 180° turn change labels (up <-> down): label-safety warnings.
    const directions = path.join(sandbox.workspace, 'directions');
    for (const split of ['train', 'val']) {
      cpSync(path.join(PROJECT, 'media', 'sample', split, 'circle'), path.join(directions, split, 'up'), {
        recursive: true,
      });
      cpSync(path.join(PROJECT, 'media', 'sample', split, 'square'), path.join(directions, split, 'down'), {
        recursive: true,
      });
    }
    // Copies of the sample: a cold analysis long enough to stream partial results (the first comes after 1.5 s;
    // with 4 copies the final report sometimes followed it within 20 ms, too soon to see the partial one).
    for (const split of ['train', 'val'])
      for (const c of ['circle', 'square', 'star', 'triangle'])
        for (let k = 0; k < BIGGER_COPIES; k++)
          cpSync(
            path.join(PROJECT, 'media', 'sample', split, c),
            path.join(sandbox.workspace, 'bigger', split, c, `copy-${k}`),
            { recursive: true },
          );
    const cli = spawnSync(
      process.execPath,
      [path.join(PROJECT, 'dist', 'cli.js'), 'analyze', path.join(sandbox.workspace, 'sample'), '--json'],
      { encoding: 'utf8' },
    );
    expected = JSON.parse(cli.stdout) as typeof expected;
    server = await timed('server ready', async () => startCodeServer(sandbox, await freePort()));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
    console.log(`timings (ms): ${JSON.stringify(timings)}`);
  });

  it('extension-host tests pass (mocha in the real extension host)', async () => {
    const tests = path.join(PROJECT, 'out', 'test', 'extension');
    const results = path.join(tests, 'results.json');
    rmSync(results, { force: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const hostPage = await context.newPage();
    await timed('extension-host tests', async () => {
      await hostPage.goto(extensionTestsUrl(server, sandbox.workspace, tests));
      await until('extension-host test results', async () => existsSync(results), 240_000, 500);
    });
    await context.close();
    const { failures, outcomes } = JSON.parse(readFileSync(results, 'utf8')) as {
      failures: number;
      outcomes: { title: string; state: string; error?: string }[];
    };
    for (const o of outcomes)
      console.log(
        `  [extension host] ${o.state === 'passed' ? '✔' : '✖'} ${o.title}${o.error ? `\n${o.error}` : ''}`,
      );
    assert.equal(failures, 0);
    assert.ok(outcomes.length >= 6, `${outcomes.length} extension-host tests ran`);
    rmSync(path.join(sandbox.workspace, 'out-ext'), { recursive: true, force: true });
    for (const f of readdirSync(sandbox.workspace))
      if (f.endsWith('.pipeline.json')) rmSync(path.join(sandbox.workspace, f));
  });

  it('opens the workbench with the sample dataset', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    recordBrowserLog(page, path.join(sandbox.artifacts, 'browser.log'));
    await timed('workbench', async () => {
      await page.goto(workbenchUrl(server, sandbox.workspace));
      await waitForWorkbench(page);
    });
  });

  let frame: Frame;

  it('Analyze Folder… from the command palette shows class counts', async () => {
    await timed('palette analyze to report', async () => {
      await runCommand(page, 'Dataset Lens: Analyze Folder…');
      await pickQuickItem(page, 'sample');
      frame = await panelFrame(page);
      await finalReport(frame);
    });
    const cards = await frame.locator('dl-overview .card-value').allInnerTexts();
    assert.equal(
      cards[0],
      String(expected.files),
      `the first card shows the ${expected.files} files the CLI finds`,
    );
    await closeAllEditors(page);
  });

  it('Analyze Image Dataset from the explorer context menu opens the panel again', async () => {
    await timed('context menu analyze to report', async () => {
      await explorerContextMenu(page, 'sample', 'Analyze Image Dataset');
      frame = await panelFrame(page);
      await finalReport(frame);
    });
    await dismissNotifications(page);
    await screenshot(page, 'light-overview');
  });

  it('Classes tab: counts per class and split, class weights', async () => {
    await selectTab(frame, 'classes');
    const table = frame.locator('dl-classes table.data').first();
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const rows = await table.locator('tbody tr').allInnerTexts();
    const byClass = Object.fromEntries(
      rows.map((r) => r.split('\t').map((c) => c.trim())).map((cells) => [cells[1], cells]),
    );
    assert.deepEqual(
      Object.keys(byClass),
      expected.classes.map((c) => c.name),
    );
    const total = headers.indexOf('total');
    for (const c of expected.classes)
      assert.equal(byClass[c.name][total], String(c.count), `${c.name}: ${byClass[c.name].join(' ')}`);
    assert.equal(await frame.locator('dl-classes canvas').count(), 1);
    await screenshot(page, 'light-classes');
  });

  it('Statistics tab: per-channel histograms and mean/std', async () => {
    await selectTab(frame, 'statistics');
    await frame.locator('dl-stats canvas').waitFor();
    const channels = await frame.locator('dl-stats table.data tbody tr th').allInnerTexts();
    assert.deepEqual(channels, ['R', 'G', 'B']);
    await screenshot(page, 'light-statistics');
  });

  it('Quality tab: issues with thumbnails, duplicates, leakage; a click opens the image', async () => {
    await selectTab(frame, 'quality');
    const chips = await frame.locator('dl-quality .chip').allInnerTexts();
    assert.ok(
      chips.some((c) => /Corrupt/.test(c)),
      `chips: ${chips.join(', ')}`,
    );
    assert.ok(chips.some((c) => /Exact duplicate/.test(c)));
    await until(
      'thumbnails',
      async () => (await frame.locator('dl-quality .group .thumb img').count()) >= 4,
      30_000,
    );
    assert.ok((await frame.locator('dl-quality .group').count()) >= 4, 'duplicate and leakage groups');
    const headings = await frame.locator('dl-quality h2').allInnerTexts();
    const leakage = headings.findIndex((h) => /^Leakage/.test(h));
    assert.ok(
      leakage >= 0 && leakage < headings.findIndex((h) => /^Duplicates/.test(h)),
      headings.join(' | '),
    );
    await screenshot(page, 'light-quality');
    const first = frame.locator('dl-quality .group .thumb').first();
    const file = (await first.getAttribute('data-file'))!;
    await first.click();
    const tab = page.locator('.tabs-container .tab', { hasText: path.basename(file) });
    await until(`an editor tab for ${file}`, async () => (await tab.count()) > 0, 15_000);
    await screenshot(page, 'light-quality-opened-image');
    await tab.first().locator('.codicon-close').click();
    await until('the image editor to close', async () => (await tab.count()) === 0, 10_000);
  });

  it('Augment tab: editing a transform updates the seeded preview grid', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Dataset Lens' }).first().click();
    frame = await panelFrame(page);
    await selectTab(frame, 'augment');
    await frame.locator('dl-augment .preview-row').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('dl-augment .preview-row').count(), 4);
    await screenshot(page, 'light-augment');
    const rotate = frame.locator('dl-augment li.step[data-step="rotate"]');
    await timed('edit to updated preview', async () => {
      await rotate.locator('.p-field input').fill('1');
      await rotate.locator('.p-field input').press('Tab');
      await rotate.locator('input[aria-label="rotate degrees minimum"]').fill('90');
      await rotate.locator('input[aria-label="rotate degrees minimum"]').press('Tab');
      await rotate.locator('input[aria-label="rotate degrees maximum"]').fill('90');
      await rotate.locator('input[aria-label="rotate degrees maximum"]').press('Tab');
      await until('captions with rotate 90.0°', async () => {
        const captions = await frame
          .locator('dl-augment .preview-cell:not(.original) figcaption')
          .allInnerTexts();
        return captions.length === 12 && captions.every((c) => c.includes('rotate 90.0°'));
      });
    });
  });

  it('exports normalization stats as JSON through the save dialog', async () => {
    await selectTab(frame, 'statistics');
    const target = path.join(sandbox.workspace, 'sample.stats.json');
    await frame.locator('dl-stats vscode-button', { hasText: 'Export JSON' }).click();
    await answerInput(page, target);
    // Until it parses: the file exists from the moment VS Code starts writing it (seen empty once in CI).
    let stats: { mean: number[]; std: number[] } | undefined;
    await until(
      'the stats file, complete',
      async () => {
        try {
          stats = JSON.parse(readFileSync(target, 'utf8')) as { mean: number[]; std: number[] };
          return true;
        } catch {
          return false;
        }
      },
      15_000,
    );
    assert.equal(stats!.mean.length, 3);
  });

  it('exports an augmented dataset and writes the files', async () => {
    await selectTab(frame, 'augment');
    const out = path.join(sandbox.dir, 'augmented');
    await timed('export augmented', async () => {
      await frame.locator('#export-dataset').click();
      await answerInput(page, out);
      await frame.locator('dl-augment .export-done').waitFor({ timeout: 120_000 });
    });
    const manifest = JSON.parse(readFileSync(path.join(out, 'augment-manifest.json'), 'utf8')) as {
      outputs: { transforms: { name: string; params: { degrees?: number } }[] }[];
    };
    assert.ok(manifest.outputs.length > 290);
    const rotations = manifest.outputs.map(
      (o) => o.transforms.find((t) => t.name === 'rotate')?.params.degrees,
    );
    assert.ok(
      rotations.every((d) => d === 90),
      'the edited pipeline (rotate 90° always) was exported',
    );
    assert.ok(readdirSync(path.join(out, 'train', 'circle')).length > 100);
  });

  it('label-safety warnings appear next to a transform that changes labels (second panel)', async () => {
    await explorerContextMenu(page, 'directions', 'Augment Image Dataset…');
    try {
      const second = await frameShowing(page, 'directions');
      await second.locator('dl-augment li.step[data-step="rotate"]').waitFor({ timeout: 60_000 });
      const rotate = second.locator('dl-augment li.step[data-step="rotate"]');
      await rotate.locator('input[aria-label="rotate degrees minimum"]').fill('170');
      await rotate.locator('input[aria-label="rotate degrees minimum"]').press('Tab');
      await rotate.locator('input[aria-label="rotate degrees maximum"]').fill('190');
      await rotate.locator('input[aria-label="rotate degrees maximum"]').press('Tab');
      const warning = rotate.locator('.label-warning.breaks');
      await warning.waitFor({ timeout: 60_000 });
      assert.match(await warning.innerText(), /up→down/);
      await screenshot(page, 'light-augment-label-warning');
    } finally {
      await closePanel(page, 'directions');
    }
  });

  it('a long analysis streams partial results into the tabs; the final report replaces them', async () => {
    await explorerContextMenu(page, 'bigger', 'Analyze Image Dataset');
    try {
      const big = await frameShowing(page, 'bigger');
      const marker = big.locator('dl-app .banner.partial');
      await timed('first partial results', async () => marker.waitFor({ timeout: 60_000 }));
      const text = await marker.innerText();
      const classesCard = await big.locator('dl-overview .card', { hasText: 'Classes' }).first().innerText();
      const progressLine = await big
        .locator('dl-app .progress')
        .innerText()
        .catch(() => '');
      const stillPartial = (await marker.count()) > 0;
      await big.locator('dl-overview .card-value').first().waitFor();
      await screenshot(page, 'light-partial-overview');
      const m = /Partial results: ([\d,]+) of ([\d,]+)\+? files analysed/.exec(text);
      assert.ok(m, text);
      const [done, total] = [m[1], m[2]].map((n) => Number(n.replace(/,/g, '')));
      assert.ok(done > 0 && done < total && total <= BIGGER_COPIES * expected.files, text);
      assert.match(text, /class balance, duplicates and leakage are provisional/);
      if (stillPartial) {
        // One counter during a run (the marker's): the progress line shows none that could disagree with it.
        assert.doesNotMatch(progressLine, /\d+ \/ \d+/, progressLine);
        assert.match(classesCard, /imbalance [\d.]+x \(provisional\)/, classesCard);
      }
      await timed('partial to final report', async () => finalReport(big, 180_000));
      const cards = await big.locator('dl-overview .card-value').allInnerTexts();
      assert.equal(cards[0], (BIGGER_COPIES * expected.files).toLocaleString('en-US'));
    } finally {
      await closePanel(page, 'bigger');
    }
  });

  it('dark theme: after a window reload the panel comes back (webview serializer) with its tab and pipeline edits', async () => {
    frame = await panelFrame(page);
    await selectTab(frame, 'augment');
    await timed('reload to restored panel', async () => {
      frame = await reloadWithTheme(page, sandbox, 'Default Dark Modern', 'vs-dark');
      await frame.locator('dl-augment .preview-row').first().waitFor({ timeout: 60_000 });
    });
    const degrees = await frame
      .locator('dl-augment li.step[data-step="rotate"] input[aria-label="rotate degrees minimum"]')
      .inputValue();
    assert.equal(degrees, '90', 'the edited pipeline was restored');
    await dismissNotifications(page);
    for (const tab of ['augment', 'overview', 'classes', 'statistics', 'quality'] as const) {
      await selectTab(frame, tab);
      if (tab === 'quality')
        await until(
          'thumbnails',
          async () => (await frame.locator('dl-quality .thumb img').count()) >= 4,
          30_000,
        );
      await screenshot(page, `dark-${tab}`);
    }
  });

  it('high-contrast theme', async () => {
    frame = await reloadWithTheme(page, sandbox, 'Default High Contrast', 'hc-black');
    await frame.locator('dl-quality .chip').first().waitFor({ timeout: 60_000 });
    await until(
      'thumbnails',
      async () => (await frame.locator('dl-quality .thumb img').count()) >= 4,
      30_000,
    );
    await dismissNotifications(page);
    await screenshot(page, 'high-contrast-quality');
    await selectTab(frame, 'classes');
    await screenshot(page, 'high-contrast-classes');
  });

  it('no panel ran into its Content Security Policy (inline styles, scripts, sources) in any test above', async () => {
    // Chromium logs every blocked inline style, script or source to the console of the frame that caused it.
    const violations = readFileSync(path.join(sandbox.artifacts, 'browser.log'), 'utf8')
      .split('\n')
      .filter((line) => /Content Security Policy/.test(line) && /dataset-lens|'nonce-/.test(line))
      .map((line) => line.slice(0, 400));
    assert.deepEqual(violations, []);
  });
});
