/**
 * End-to-end: a Hugging Face Parquet file in a real VS Code (code-server): the Explorer offers Analyze Image
 * Dataset on it, the panel shows the report the CLI gives, the Quality tab draws its members' thumbnails from the
 * file and a click opens the member as an image, drawn by VS Code's image preview. A WebDataset shard labelled by
 * number: the Overview says its classes are numbers and how to name them; the classNamesFile setting names them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { rowsOfFiles, writeHubParquet } from '../unit/helpers/parquetFixtures';
import { runPython } from '../unit/helpers/python';
import { writeIdxAndPngs, writeShards } from '../unit/helpers/containerFixtures';
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
import {
  CHROMIUM_ARGS,
  closeAllEditors,
  runCommand,
  explorerContextMenu,
  finalReport,
  panelFrame,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

const PARQUET = 'train-00000-of-00001.parquet';
/** A WebDataset shard whose .cls files hold class numbers, named by the datasetLens.classNamesFile setting. */
const SHARD = 'shapes-000.tar';
const NAMES_FILE = 'names/shape-classes.txt';
/** An MNIST idx pair (Python-written, as the downloads come), in a folder of its own. */
const IDX_IMAGES = 'train-images-idx3-ubyte.gz';

describe('a Parquet source in a real VS Code', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let expected: { files: number; issues: { kind: string; file: string }[] };
  /** The sample file each row holds, in row order. */
  let rowFiles: string[];
  let shardClasses: string[];

  before(async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern');
    // The sample's train images (a truncated JPEG, duplicates, four classes) as rows of one Hub Parquet file.
    const train = path.join(PROJECT, 'media', 'sample', 'train');
    const classes = readdirSync(train)
      .filter((c) => !c.startsWith('.'))
      .sort();
    const files = classes.flatMap((className) =>
      readdirSync(path.join(train, className))
        .filter((f) => !f.startsWith('.'))
        .sort()
        .map((f) => ({ file: `${className}/${f}`, className })),
    );
    writeHubParquet(path.join(sandbox.workspace, PARQUET), rowsOfFiles(train, files, classes), classes);
    rowFiles = files.map((f) => path.join(train, f.file));
    // Readable images only (the sample's broken files are left out), labelled by class number.
    const readable = files.filter((f) => /\.(png|jpe?g|webp)$/.test(f.file) && !/broken|trunc/.test(f.file));
    writeShards(sandbox.workspace, train, { [SHARD]: readable }, 'cls-index', classes);
    shardClasses = classes.filter((c) => readable.some((f) => f.className === c));
    writeIdxAndPngs(path.join(sandbox.workspace, 'mnist'), path.join(sandbox.dir, 'idx-pngs'), { train: 40 });
    mkdirSync(path.join(sandbox.workspace, path.dirname(NAMES_FILE)), { recursive: true });
    writeFileSync(path.join(sandbox.workspace, NAMES_FILE), classes.join('\n') + '\n');
    const cli = spawnSync(
      process.execPath,
      [
        path.join(PROJECT, 'dist', 'cli.js'),
        'analyze',
        path.join(sandbox.workspace, PARQUET),
        '--json',
        '--no-cache',
      ],
      { encoding: 'utf8' },
    );
    expected = JSON.parse(cli.stdout) as typeof expected;
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

  it('Analyze Image Dataset on the .parquet file: members drawn from it, a click opens one', async () => {
    await explorerContextMenu(page, PARQUET, 'Analyze Image Dataset');
    const frame = await panelFrame(page);
    await finalReport(frame);
    const cards = await frame.locator('dl-overview .card-value').allInnerTexts();
    assert.equal(cards[0], String(expected.files), 'the panel counts the rows the CLI counts');
    await selectTab(frame, 'quality');
    await until(
      'member thumbnails',
      async () => (await frame.locator('dl-quality .group .thumb img').count()) >= 2,
      30_000,
    );
    const first = frame.locator('dl-quality .group .thumb').first();
    const file = (await first.getAttribute('data-file')) ?? '';
    assert.match(file, new RegExp(`^${PARQUET.replace(/\./g, '\\.')}#\\d+$`));
    assert.ok(
      expected.issues.some((i) => i.file === file),
      `${file} is a finding of the CLI's report`,
    );
    const drawn = await first
      .locator('img')
      .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth);
    assert.ok(Number(drawn) > 0, 'the thumbnail is drawn from the member');
    await screenshot(page, 'light-parquet-quality');
    await first.click();
    // Written as a PNG named after the member in the extension's storage, then opened.
    const name = `${file.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`;
    const tab = page.locator('.tabs-container .tab', { hasText: name });
    await until(`an editor tab for ${file}`, async () => (await tab.count()) > 0, 20_000);
    // Its size as PIL reads the sample file the row was written from.
    const memberSize = runPython<{ width: number; height: number }>(
      'import json, sys\nfrom PIL import Image\nw, h = Image.open(json.load(sys.stdin)).size\nprint(json.dumps({"width": w, "height": h}))',
      rowFiles[Number(file.split('#')[1])],
    );
    // VS Code's image preview draws the PNG in its own webview: decoded, and shown at a size one can see. (A
    // screenshot taken at once shows the preview still empty: it loads the image after the tab opens.)
    const shown = await until(
      `the image preview of ${file} to draw it`,
      async () => {
        for (const frame of page.frames()) {
          // Not the Dataset Lens panel's thumbnails: the image preview's own frame.
          if (
            (await frame
              .locator('dl-app')
              .count()
              .catch(() => 1)) > 0
          )
            continue;
          const image = await frame
            .locator('.image-container img, img.scale-to-fit, img.pixelated')
            .first()
            .evaluate(
              (img) => {
                const { naturalWidth, naturalHeight } = img as HTMLImageElement;
                const box = img.getBoundingClientRect();
                return { naturalWidth, naturalHeight, width: box.width, height: box.height };
              },
              undefined,
              { timeout: 500 },
            )
            .catch(() => undefined);
          if (image && image.naturalWidth > 0) return image;
        }
        return undefined;
      },
      20_000,
    );
    assert.deepEqual([shown.naturalWidth, shown.naturalHeight], [memberSize.width, memberSize.height]);
    assert.ok(shown.width >= 64 && shown.height >= 64, `shown at ${shown.width}x${shown.height} px`);
    await screenshot(page, 'light-parquet-opened-member');
  });

  it('a shard labelled by number: the panel says so; the classNamesFile setting names its classes', async () => {
    await closeAllEditors(page);
    await explorerContextMenu(page, SHARD, 'Analyze Image Dataset');
    let frame = await panelFrame(page);
    await finalReport(frame);
    const numbered = (await frame.locator('dl-overview ul.warnings li').allInnerTexts()).find((w) =>
      /label numbers/.test(w),
    );
    assert.ok(numbered, 'the Overview says the class names are numbers');
    assert.match(numbered, /classes\.txt/);
    assert.match(numbered, /datasetLens\.classNamesFile/);
    await screenshot(page, 'light-shard-numbered-classes');
    // Set for the whole workspace, relative to it (the Parquet file's named classes would be left as they are).
    mkdirSync(path.join(sandbox.workspace, '.vscode'), { recursive: true });
    writeFileSync(
      path.join(sandbox.workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'datasetLens.classNamesFile': NAMES_FILE }),
    );
    // A window reload makes sure the extension host reads the new settings file; the panel is restored.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(500);
    await waitForWorkbench(page);
    frame = await panelFrame(page, 60_000);
    await finalReport(frame);
    await frame.locator('dl-app .header-actions vscode-button[icon="refresh"]').click();
    const named = path.join(sandbox.workspace, NAMES_FILE);
    await until(
      'the names from the setting',
      async () =>
        (await frame.locator('dl-overview ul.warnings li').allInnerTexts()).some((w) =>
          w.includes(`class names from ${named}`),
        ),
      60_000,
    );
    await finalReport(frame);
    const warnings = await frame.locator('dl-overview ul.warnings li').allInnerTexts();
    assert.ok(!warnings.some((w) => /label numbers/.test(w)), warnings.join('\n'));
    await selectTab(frame, 'classes');
    const chart = frame.locator('dl-classes dl-chart');
    await until('the class chart', async () => (await chart.getAttribute('data-labels')) !== null);
    assert.equal(await chart.getAttribute('data-labels'), shardClasses.join('|'));
    await screenshot(page, 'light-shard-named-classes');
  });

  it('Analyze Image Dataset on an idx images file: the panel counts what the CLI counts', async () => {
    const idx = path.join(sandbox.workspace, 'mnist', IDX_IMAGES);
    const cli = spawnSync(
      process.execPath,
      [path.join(PROJECT, 'dist', 'cli.js'), 'analyze', idx, '--json', '--no-cache'],
      {
        encoding: 'utf8',
      },
    );
    const fromCli = JSON.parse(cli.stdout) as { files: number; classes: { name: string }[] };
    await closeAllEditors(page);
    // Unfold the folder so the file's row is there to right-click.
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="mnist"]').first().click();
    await explorerContextMenu(page, IDX_IMAGES, 'Analyze Image Dataset');
    const frame = await panelFrame(page);
    await finalReport(frame);
    const cards = await frame.locator('dl-overview .card-value').allInnerTexts();
    assert.equal(cards[0], String(fromCli.files));
    assert.equal(fromCli.files, 40);
    await screenshot(page, 'light-idx-overview');
  });
});
