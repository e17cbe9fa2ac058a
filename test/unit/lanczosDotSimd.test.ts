import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dotTaps,
  lanczosDotModule,
  plainTaps,
  simdHorizontal,
  simdReduce,
} from '../../src/core/quality/lanczosDotSimd';
import { lanczosWeights, pilLanczosResize } from '../../src/core/quality/pilLanczos';
import { createRng } from './helpers/images';
import { plainResize } from './helpers/plainResize';

test('the horizontal-pass module validates', () => {
  assert.ok(WebAssembly.validate(lanczosDotModule()));
});

test('dot taps split each Pillow weight into hi * 2^11 + lo (lo 0..2047), zeros past its count', () => {
  for (const [inSize, outSize] of [
    [640, 32],
    [1, 32],
    [5, 32],
    [1001, 32],
  ]) {
    const w = lanczosWeights(inSize, outSize);
    const d = dotTaps(w.start, w.count, w.taps, w.weights);
    assert.equal(d.chunks, Math.ceil(Math.max(...w.count) / 8));
    for (let xx = 0; xx < outSize; xx++)
      for (let t = 0; t < d.chunks * 8; t++) {
        const k = xx * d.chunks * 8 + t;
        const weight = t < w.count[xx] ? w.weights[xx * w.taps + t] : 0;
        assert.ok(d.lo[k] >= 0 && d.lo[k] < 2048);
        assert.equal(d.hi[k] * 2048 + d.lo[k], weight, `${inSize} -> ${outSize}, output ${xx}, tap ${t}`);
      }
  }
});

test("the SIMD horizontal pass gives what Pillow's plain passes give: photos, very wide (one row over the 64 KiB copied at a time), tall, tiny, clipped", () => {
  const rng = createRng(41);
  for (const [w, h, ow, oh] of [
    [640, 481, 32, 32],
    [1001, 13, 32, 32],
    [13, 700, 32, 32],
    [1, 1, 32, 32],
    [2, 3, 32, 32],
    [5, 40, 32, 32],
    [300, 1, 32, 32],
    [97, 61, 17, 5],
    [70000, 2, 32, 32],
  ]) {
    for (const kind of ['random', 'checkerboard', 'white']) {
      const img = Uint8Array.from({ length: w * h }, (_, k) =>
        kind === 'random'
          ? rng.int(0, 255)
          : kind === 'white'
            ? 255
            : ((k % w) + Math.floor(k / w)) % 2
              ? 255
              : 0,
      );
      const expected = plainResize(img, w, h, ow, oh);
      assert.deepEqual(pilLanczosResize(w, h, img, ow, oh), expected, `${w}x${h} -> ${ow}x${oh}, ${kind}`);
    }
  }
});

test('the SIMD horizontal pass runs (WebAssembly SIMD here) and writes only its rows', () => {
  const w = lanczosWeights(640, 32);
  const img = Uint8Array.from({ length: 640 * 3 }, (_, k) => (k * 31) % 256);
  const temp = new Uint8Array(32 * 5).fill(7);
  assert.ok(simdHorizontal(img, 640, 640, 2, dotTaps(w.start, w.count, w.taps, w.weights), temp, 32, 32));
  assert.deepEqual(temp.subarray(0, 32), new Uint8Array(32).fill(7));
  assert.deepEqual(temp.subarray(96), new Uint8Array(64).fill(7));
  assert.deepEqual(temp.subarray(32, 96), plainResize(img.subarray(640), 640, 2, 32, 2));
});

test('plain taps are the dot taps made back into Pillow weights', () => {
  for (const [inSize, outSize] of [
    [640, 32],
    [1, 32],
    [1001, 32],
    [8300, 32],
  ]) {
    const w = lanczosWeights(inSize, outSize);
    const d = dotTaps(w.start, w.count, w.taps, w.weights);
    assert.deepEqual(plainTaps(d, w.count, w.taps), w.weights, `${inSize} -> ${outSize}`);
  }
});

test("both passes of a reduction in WebAssembly give what Pillow's plain passes give, whatever ran before", () => {
  const rng = createRng(20);
  // Photos, very wide (one row per copy), tall up to the transposed limit and over it (the JavaScript vertical
  // pass then), odd outputs; between them simdHorizontal with the same taps each time (its own layout in memory).
  const sizes = [
    [481, 436, 32, 32],
    [640, 640, 32, 32],
    [300, 299, 32, 32],
    [70000, 40, 32, 32],
    [40, 8192, 32, 32],
    [40, 8300, 32, 32],
    [97, 61, 17, 5],
    [481, 436, 32, 32],
  ];
  const row = Uint8Array.from({ length: 200 }, () => rng.int(0, 255));
  const w200 = lanczosWeights(200, 32);
  const taps200 = dotTaps(w200.start, w200.count, w200.taps, w200.weights);
  for (const [w, h, ow, oh] of sizes) {
    const img = Uint8Array.from({ length: w * h }, () => rng.int(0, 255));
    // A longer grey frame: its tail must not be read.
    const frame = new Uint8Array(w * h + 100).fill(255);
    frame.set(img);
    const expected = plainResize(img, w, h, ow, oh);
    assert.deepEqual(pilLanczosResize(w, h, frame, ow, oh), expected, `${w}x${h} -> ${ow}x${oh}`);
    const temp = new Uint8Array(32);
    assert.ok(simdHorizontal(row, 0, 200, 1, taps200, temp, 0, 32));
    assert.deepEqual(temp, plainResize(row, 200, 1, 32, 1), `simdHorizontal after ${w}x${h}`);
  }
});

test('the reduction runs in WebAssembly here and writes only its output', () => {
  const [w, h] = [300, 200];
  const img = Uint8Array.from({ length: w * h }, (_, k) => (k * 37) % 256);
  const hw = lanczosWeights(w, 32);
  const vw = lanczosWeights(h, 32);
  const out = new Uint8Array(32 * 32 + 3).fill(9);
  const first = vw.start[0];
  const count = vw.start[31] + vw.count[31] - first;
  const ran = simdReduce(
    img,
    w,
    first,
    count,
    dotTaps(hw.start, hw.count, hw.taps, hw.weights),
    dotTaps(vw.start, vw.count, vw.taps, vw.weights),
    32,
    32,
    out,
  );
  assert.ok(ran);
  assert.deepEqual(out.subarray(0, 32 * 32), plainResize(img, w, h, 32, 32));
  assert.deepEqual(Array.from(out.subarray(32 * 32)), [9, 9, 9]);
});

test("rows too wide for a kernel's memory (hostile: 17 million pixels) are left to JavaScript", () => {
  const width = 17_000_000;
  const row = new Uint8Array(width).fill(200);
  // One output reading the first pixel: what matters is the row the kernel would copy.
  const taps = dotTaps(Int32Array.of(0), Int32Array.of(1), 1, Float64Array.of(1 << 22));
  assert.equal(simdHorizontal(row, 0, width, 1, taps, new Uint8Array(1), 0, 1), false);
  assert.equal(simdReduce(row, width, 0, 1, taps, taps, 1, 1, new Uint8Array(1)), false);
});
