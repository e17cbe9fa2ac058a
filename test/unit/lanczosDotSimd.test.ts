import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dotTaps, lanczosDotModule, simdHorizontal } from '../../src/core/quality/lanczosDotSimd';
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
