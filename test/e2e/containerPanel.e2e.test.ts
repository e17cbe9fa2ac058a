/**
 * End-to-end: a Hugging Face Parquet file in a real VS Code (code-server): the Explorer offers Analyze Image
 * Dataset on it, the panel shows the report the CLI gives, the Quality tab draws its members' thumbnails from the
 * file and a click opens the member as an image.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { rowsOfFiles, writeHubParquet } from '../unit/helpers/parquetFixtures';
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
  explorerContextMenu,
  finalReport,
  panelFrame,
  screenshot,
  selectTab,
  until,
  waitForWorkbench,
} from './workbench';

const PARQUET = 'train-00000-of-00001.parquet';

describe('a Parquet source in a real VS Code', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let expected: { files: number; issues: { kind: string; file: string }[] };

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
    await screenshot(page, 'light-parquet-opened-member');
  });
});
