import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureImage } from '../../src/core/quality/imageMeasures';
import { histogramEntropy } from '../../src/core/quality/entropy';
import { colourImage } from './helpers/colourImage';
import { createRng } from './helpers/images';

test('brightness p5/p99 are within half a grey level of numpy-style percentiles of CleanVision brightness', () => {
  const rng = createRng(12);
  const width = 120;
  const height = 90;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(255 * rng.next() ** 2);
  const m = measureImage(colourImage(width, height, data), () => 'h');
  const b: number[] = [];
  for (let i = 0; i < data.length; i += 3)
    b.push(Math.sqrt(0.241 * data[i] ** 2 + 0.691 * data[i + 1] ** 2 + 0.068 * data[i + 2] ** 2));
  b.sort((x, y) => x - y);
  const percentile = (p: number) => {
    const pos = ((b.length - 1) * p) / 100;
    const lo = Math.floor(pos);
    return b[lo] + (b[Math.ceil(pos)] - b[lo]) * (pos - lo);
  };
  assert.ok(
    Math.abs(m.brightnessP5 * 255 - percentile(5)) < 0.5,
    `${m.brightnessP5 * 255} vs ${percentile(5)}`,
  );
  assert.ok(
    Math.abs(m.brightnessP99 * 255 - percentile(99)) < 0.5,
    `${m.brightnessP99 * 255} vs ${percentile(99)}`,
  );
});

test('entropy follows PIL: uniform over 256 values is 8 bits, a constant image 0', () => {
  const counts = new Uint32Array(256).fill(10);
  assert.ok(Math.abs(histogramEntropy(counts) - 8) < 1e-12);
  const constant = new Uint32Array(256);
  constant[7] = 99;
  assert.equal(histogramEntropy(constant), 0);
});

test('entropy by table lookups agrees with -Σ p·log2(p) computed directly', () => {
  const rng = createRng(12);
  for (let round = 0; round < 300; round++) {
    const counts = new Uint32Array(round % 2 ? 768 : 256);
    const filled = rng.int(1, counts.length);
    for (let k = 0; k < filled; k++)
      counts[rng.int(0, counts.length - 1)] += rng.int(1, round % 5 ? 900 : 300000);
    let total = 0;
    for (const c of counts) total += c;
    let direct = 0;
    for (const c of counts) if (c) direct -= (c / total) * Math.log2(c / total);
    assert.ok(Math.abs(histogramEntropy(counts) - direct) < 1e-12, `round ${round}`);
  }
});
