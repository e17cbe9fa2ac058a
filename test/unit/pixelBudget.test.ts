import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { decodeBudget, decodeImage, DECODE_BUDGET_PIXELS } from '../../src/core/decode/decodeImage';
import { readJpegFrame } from '../../src/core/decode/jpegHeader';
import { PixelBudget } from '../../src/core/decode/pixelBudget';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

/** Lets every promise that can settle settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a budget grants requests while they fit, then first come first served', async () => {
  const budget = new PixelBudget(100);
  const order: string[] = [];
  const a = await budget.acquire(30);
  const b = await budget.acquire(30);
  const c = budget.acquire(50).then((release) => (order.push('c'), release));
  // 10 would fit beside the 60 held, but c asked first and waits: d must not overtake it.
  const d = budget.acquire(10).then((release) => (order.push('d'), release));
  await settle();
  assert.deepEqual(order, []);
  a();
  a(); // a second release gives nothing back twice
  await settle();
  assert.deepEqual(order, ['c', 'd']);
  assert.equal(budget.peakPixels, 90);
  b();
  (await c)();
  (await d)();
  assert.equal(budget.peakPixels, 90);
});

test('a request larger than the whole budget is granted alone, never refused', async () => {
  const budget = new PixelBudget(100);
  const small = await budget.acquire(30);
  let big = false;
  const huge = budget.acquire(1_000_000).then((release) => ((big = true), release));
  await settle();
  assert.equal(big, false, 'waits for the decode in flight');
  small();
  await settle();
  assert.equal(big, true);
  let after = false;
  const next = budget.acquire(1).then((release) => ((after = true), release));
  await settle();
  assert.equal(after, false, 'nothing else while it holds the whole budget');
  (await huge)();
  await settle();
  assert.equal(after, true);
  (await next)();
});

test('JPEG frame header: size and components', async () => {
  const bytes = await sharp({ create: { width: 301, height: 7, channels: 3, background: '#102030' } })
    .jpeg()
    .toBuffer();
  assert.deepEqual(readJpegFrame(bytes), { width: 301, height: 7, components: 3 });
  assert.equal(readJpegFrame(bytes.subarray(0, 20)), undefined);
});

test('large images are decoded one at a time, small ones side by side', async () => {
  // 3000 x 2500 = 7.5 Mpx: two would pass the 12 Mpx budget.
  const big = await sharp({ create: { width: 3000, height: 2500, channels: 3, background: '#406080' } })
    .jpeg()
    .toBuffer();
  const small = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#806040' } })
    .jpeg()
    .toBuffer();
  const files = [big, big, big, small, small, small, small].map((bytes, i) => {
    const file = path.join(tmp.dir, `${i}.jpg`);
    writeFileSync(file, bytes);
    return file;
  });
  decodeBudget.peakPixels = 0;
  const images = await Promise.all(files.slice(0, 3).map((file) => decodeImage(file)));
  assert.deepEqual(
    images.map((image) => image.width * image.height),
    [7_500_000, 7_500_000, 7_500_000],
  );
  assert.ok(DECODE_BUDGET_PIXELS < 2 * 7_500_000);
  assert.equal(decodeBudget.peakPixels, 7_500_000, 'never two large images at once');
  decodeBudget.peakPixels = 0;
  await Promise.all(files.slice(3).map((file) => decodeImage(file)));
  assert.ok(
    decodeBudget.peakPixels > 120_000,
    `small images decode side by side (peak ${decodeBudget.peakPixels})`,
  );
});
