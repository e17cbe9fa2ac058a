import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lanczosSimdModule, simdResize } from '../../src/core/quality/lanczosSimd';
import { sixTaps } from '../../src/core/quality/lanczosSixTaps';
import { lanczosWeights, pilLanczosResize } from '../../src/core/quality/pilLanczos';
import { sleb, uleb } from '../../src/core/util/wasmModule';
import { createRng } from './helpers/images';
import { plainResize } from './helpers/plainResize';

const six = (inSize: number, outSize: number) => {
  const w = lanczosWeights(inSize, outSize);
  return sixTaps(inSize, w.start, w.count, w.taps, w.weights);
};

test('LEB128 as the WebAssembly spec encodes it; the module validates', () => {
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(127), [0x7f]);
  assert.deepEqual(uleb(128), [0x80, 0x01]);
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(63), [0x3f]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb(1 << 21), [0x80, 0x80, 0x80, 0x01]);
  assert.ok(WebAssembly.validate(lanczosSimdModule()));
});

test('six taps: enlargements and a few pixels less (33 to 32) have them, smaller axes and reductions do not', () => {
  for (const [inSize, outSize] of [
    [6, 32],
    [28, 32],
    [32, 33],
    [33, 32],
    [6, 1],
  ])
    assert.ok(six(inSize, outSize), `${inSize} -> ${outSize}`);
  for (const [inSize, outSize] of [
    [1, 32],
    [5, 32],
    [34, 32],
    [640, 32],
  ])
    assert.equal(six(inSize, outSize), undefined, `${inSize} -> ${outSize}`);
});

test('six taps are Pillow taps widened by zeros inside the axis: the same sums on every input', () => {
  const rng = createRng(5);
  for (const [inSize, outSize] of [
    [6, 32],
    [28, 32],
    [33, 32],
    [6, 2],
  ]) {
    const w = lanczosWeights(inSize, outSize);
    const s = six(inSize, outSize);
    assert.ok(s);
    const row = Array.from({ length: inSize }, () => rng.int(0, 255));
    for (let xx = 0; xx < outSize; xx++) {
      assert.ok(
        s.start[xx] >= 0 && s.start[xx] + 6 <= inSize,
        `${inSize} -> ${outSize}: window ${xx} inside`,
      );
      let pillow = 0;
      for (let t = 0; t < w.count[xx]; t++) pillow += row[w.start[xx] + t] * w.weights[xx * w.taps + t];
      let widened = 0;
      for (let t = 0; t < 6; t++) widened += row[s.start[xx] + t] * s.weights[xx * 6 + t];
      assert.equal(widened, pillow, `${inSize} -> ${outSize}, output ${xx}`);
    }
  }
});

test("the SIMD resize gives what Pillow's plain passes give: up, down a little, odd, 6 wide, to 1, very wide", () => {
  const rng = createRng(21);
  const cases = [
    [28, 28, 32, 32],
    [6, 6, 32, 32],
    [31, 33, 32, 32],
    [33, 30, 32, 32],
    [6, 33, 32, 32],
    [30, 6, 33, 35],
    [6, 6, 1, 1],
    [6, 9, 1, 40],
    [20, 8, 200, 9],
  ];
  const out = new Uint8Array(200 * 40);
  for (const [w, h, ow, oh] of cases) {
    const horizontal = six(w, ow);
    const vertical = six(h, oh);
    assert.ok(horizontal && vertical, `${w}x${h} -> ${ow}x${oh} has six taps`);
    for (const kind of ['random', 'black', 'white', 'edges']) {
      const img = Uint8Array.from({ length: w * h }, (_, k) =>
        kind === 'random'
          ? rng.int(0, 255)
          : kind === 'black'
            ? 0
            : kind === 'white'
              ? 255
              : ((k % w) + Math.floor(k / w)) % 2 === 0
                ? 255
                : 0,
      );
      out.fill(0x55);
      assert.ok(simdResize(w, h, img, ow, oh, horizontal, vertical, out), 'WebAssembly SIMD available');
      const expected = plainResize(img, w, h, ow, oh);
      assert.deepEqual(out.subarray(0, ow * oh), expected, `${w}x${h} -> ${ow}x${oh}, ${kind}`);
      assert.deepEqual(
        pilLanczosResize(w, h, img, ow, oh),
        expected,
        `${w}x${h} -> ${ow}x${oh} through the resize`,
      );
    }
  }
});

test('the SIMD resize reads only its image: a longer grey frame, then a smaller image after a larger one', () => {
  const rng = createRng(22);
  const frame = Uint8Array.from({ length: 4096 }, () => rng.int(0, 255));
  for (const [w, h] of [
    [36, 36],
    [28, 28],
    [6, 7],
    [33, 29],
  ]) {
    const img = frame.subarray(0, w * h);
    assert.deepEqual(pilLanczosResize(w, h, frame, 32, 32), plainResize(img, w, h, 32, 32), `${w}x${h}`);
  }
});

test("an image too large for a kernel's memory (hostile: 3 million pixels in a row) is left to JavaScript", () => {
  const width = 3_000_000;
  // One output reading the first pixel: what matters is the image the kernel would copy.
  const taps = { start: Int32Array.of(0), weights: Int32Array.of(1 << 22, 0, 0, 0, 0, 0) };
  assert.equal(simdResize(width, 1, new Uint8Array(width), 1, 1, taps, taps, new Uint8Array(1)), false);
});
