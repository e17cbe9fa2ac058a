import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfirmView, pixelAgreement } from '../../src/core/content/confirmPair';
import { PIXEL_AGREEMENT } from '../../src/core/content/contentCollector';
import { CONFIRM_THUMB_SIZE as T } from '../../src/core/content/modelInput';
import { createRng } from '../../src/core/util/rng';

/**
 * A 48 px thumbnail like a tile of a fundus photograph: the rim of a bright disc (a strong curved edge, black
 * outside) and, inside, a few faint thin vessels drawn from `seed`.
 */
function fundusTile(seed: number): Uint8Array {
  const rng = createRng(seed);
  const grey = new Uint8Array(T * T);
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) grey[y * T + x] = Math.hypot(x - T, y) < T * 0.95 ? 170 : 0;
  for (let k = 0; k < 7; k++) {
    let x = rng.int(10, T - 1);
    let y = rng.int(0, T - 10);
    const dx = rng.next() * 2 - 1;
    const dy = rng.next() * 2 - 1;
    for (let s = 0; s < 60; s++, x += dx, y += dy) {
      const at = Math.round(y) * T + Math.round(x);
      if (Math.round(x) >= 0 && Math.round(x) < T && Math.round(y) >= 0 && Math.round(y) < T && grey[at] > 0)
        grey[at] = 140;
    }
  }
  return grey;
}

const mirror = (grey: Uint8Array) => Uint8Array.from(grey, (_, i) => grey[i - (i % T) + T - 1 - (i % T)]);

test('two pictures sharing one strong edge are not confirmed: the rim alone does not carry the agreement', () => {
  // Seen on real data: the two lower tiles of one retina photograph, mirror images of each other in outline,
  // agreed at 0.84 while their vessels did not, and were reported as near duplicates.
  for (const seed of [2, 3, 4, 5, 6]) {
    const agreement = pixelAgreement(
      new ConfirmView(fundusTile(1)),
      new ConfirmView(mirror(fundusTile(seed))),
    );
    assert.ok(agreement < PIXEL_AGREEMENT, `tiles 1 and ${seed} agree at ${agreement.toFixed(3)}`);
  }
});

test('a brightened, noisy, mirrored copy of such a picture still agrees almost perfectly', () => {
  const tile = fundusTile(1);
  const copy = mirror(
    Uint8Array.from(tile, (v, i) => Math.max(0, Math.min(255, Math.round(v * 1.3 + ((i * 7919) % 7) - 3)))),
  );
  const agreement = pixelAgreement(new ConfirmView(tile), new ConfirmView(copy));
  assert.ok(agreement > 0.95, `${agreement}`);
});

/** prepare() as first written (clamp per read, a sorted copy for the quantile), for the comparison below. */
function preparedByDefinition(thumb: Uint8Array): Float32Array {
  const grey = Float32Array.from(thumb);
  const clamp = (v: number) => Math.min(T - 1, Math.max(0, v));
  const across = new Float32Array(T * T);
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) s += grey[y * T + clamp(x + d)];
      across[y * T + x] = s / 5;
    }
  const out = new Float32Array(T * T);
  let mean = 0;
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) s += across[clamp(y + d) * T + x];
      const v = grey[y * T + x] - s / 5;
      out[y * T + x] = v;
      mean += v;
    }
  mean /= out.length;
  const cap = Float32Array.from(out, (v) => Math.abs(v - mean)).sort()[Math.floor(0.9 * (out.length - 1))];
  let clippedMean = 0;
  for (let i = 0; i < out.length; i++) clippedMean += out[i] = Math.max(-cap, Math.min(cap, out[i] - mean));
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += (out[i] -= clippedMean / out.length) ** 2;
  const inv = 1 / Math.sqrt(norm);
  return norm > 1e-9 ? out.map((v) => v * inv) : out.fill(0);
}

test('a prepared thumbnail is the clipped high-pass image of its definition, bit for bit', () => {
  // The faster blur (a table of taps) and quantile (a selection, not a sort) must not move a single pair's score.
  const rng = createRng(31);
  const thumbs = [
    fundusTile(1),
    mirror(fundusTile(4)),
    Uint8Array.from({ length: T * T }, () => rng.int(0, 255)),
    Uint8Array.from({ length: T * T }, (_, i) => ((i % T) * 5 + Math.floor(i / T) * 3) & 255),
    new Uint8Array(T * T).fill(90),
  ];
  for (const [k, thumb] of thumbs.entries()) {
    const plain = new ConfirmView(thumb).plain.values;
    assert.deepEqual(plain, preparedByDefinition(thumb), `thumbnail ${k}`);
    if (k < 4)
      assert.ok(
        plain.some((v) => v !== 0),
        `thumbnail ${k} is not flat`,
      );
  }
});
