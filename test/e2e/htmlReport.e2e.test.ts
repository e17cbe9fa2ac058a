import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { createRng, randomImage, tempDir, writePng } from '../unit/helpers/images';
import { CHROMIUM_ARGS } from './workbench';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const work = tempDir('dataset-lens-html-');
/** Names that would run script or add markup if the report pasted them in unescaped. */
const hostileFile = `x<img src=x onerror="window.pwned=1">.png`;
const hostileClass = `<i>cat&"`;
let browser: Browser | undefined;

before(async () => {
  if (!existsSync(executablePath)) return;
  const rng = createRng(12);
  const ds = path.join(work.dir, 'ds');
  // A leak under a hostile name (train and val), a dark picture, and an ordinary class.
  const leaked = path.join(ds, 'train', hostileClass, hostileFile);
  await writePng(leaked, randomImage(rng, 24, 16, 3));
  mkdirSync(path.join(ds, 'val', hostileClass), { recursive: true });
  copyFileSync(leaked, path.join(ds, 'val', hostileClass, hostileFile));
  const dark = { width: 20, height: 20, channels: 1 as const, data: new Uint8Array(400).fill(3) };
  await writePng(path.join(ds, 'train', 'dog', 'dark.png'), dark);
  for (let k = 0; k < 3; k++)
    await writePng(path.join(ds, 'train', 'dog', `d${k}.png`), randomImage(rng, 20, 20, 3));
  await writePng(path.join(ds, 'val', 'dog', 'v.png'), randomImage(rng, 20, 20, 3));
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  work.cleanup();
});

test(
  'check --html writes one self-contained page that renders its charts and thumbnails offline',
  { skip: !existsSync(executablePath) && `no Chromium at ${executablePath}` },
  async () => {
    const html = path.join(work.dir, 'report.html');
    const result = spawnSync(process.execPath, [cli, 'check', path.join(work.dir, 'ds'), '--html', html], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: path.join(work.dir, 'cache') },
    });
    assert.equal(result.status, 1, result.stderr);
    const page = await browser!.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const url = pathToFileURL(html).href;
    await page.goto(url, { waitUntil: 'load' });

    // Nothing fetched but the page itself (thumbnails are data: URIs), no script ran, nothing refused by the CSP.
    assert.deepEqual(
      requests.filter((r) => r !== url && !r.startsWith('data:')),
      [],
    );
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator('script').count(), 0);
    assert.equal(await page.locator('img[src="x"]').count(), 0);

    assert.match(await page.locator('#verdict').innerText(), /^FAIL: 1 of 4 rule\(s\) failed/);
    assert.match(await page.locator('#rules tr[data-rule="leakage"]').innerText(), /FAIL/);
    // The class chart: one bar per class with its count, the hostile name shown as text.
    const bars = await page
      .locator('svg#classes g.bar')
      .evaluateAll((gs) =>
        gs.map((g) => [
          g.getAttribute('data-name'),
          Number(g.getAttribute('data-value')),
          g.getBoundingClientRect().width > 0,
        ]),
      );
    assert.deepEqual(
      bars.sort(),
      [
        [hostileClass, 2, true],
        ['dog', 5, true],
      ].sort(),
    );
    assert.ok((await page.locator('svg#kinds g.bar[data-name="leakage"]').count()) === 1);
    // Thumbnails of the worst findings decode (naturalWidth > 0); the leaked pair comes first.
    const thumbs = await page
      .locator('#worst img.thumb')
      .evaluateAll((imgs) =>
        imgs.map((i) => [(i as HTMLImageElement).alt, (i as HTMLImageElement).naturalWidth]),
      );
    assert.ok(thumbs.length >= 3, JSON.stringify(thumbs));
    assert.ok(
      thumbs.every(([, w]) => Number(w) > 0),
      JSON.stringify(thumbs),
    );
    assert.equal(thumbs[0][0], `train/${hostileClass}/${hostileFile}`);
    assert.match(
      await page.locator('#findings').innerText(),
      new RegExp(hostileFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
    assert.ok(readFileSync(html, 'utf8').length < 2_000_000);
    await page.close();
  },
);
