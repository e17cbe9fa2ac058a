import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dctSimdModule, simdDctLow } from '../../src/core/quality/dctSimd';
import { dctHash, jsDctLow } from '../../src/core/quality/perceptualHash';
import { createRng } from './helpers/images';

const COSINES = (() => {
  const t: number[] = [];
  for (const [len, freqs] of [
    [32, [1, 3, 5, 7]],
    [16, [1, 3]],
    [8, [1]],
  ] as const)
    for (const k of freqs)
      for (let n = 0; n < len / 2; n++) t.push(Math.cos(((2 * n + 1) * k * Math.PI) / (2 * len)));
  return Float64Array.from(t);
})();

/** The 64 doubles as their bit patterns (so -0 and 0, or one ulp, differ). */
const bits = (values: Float64Array) => [...new BigUint64Array(Float64Array.from(values).buffer)];

function images(): [string, Uint8Array][] {
  const rng = createRng(31);
  const out: [string, Uint8Array][] = [];
  for (let k = 0; k < 40; k++)
    out.push([`random ${k}`, Uint8Array.from({ length: 1024 }, () => rng.int(0, 255))]);
  for (const v of [0, 1, 128, 255]) out.push([`flat ${v}`, new Uint8Array(1024).fill(v)]);
  const half = Uint8Array.from({ length: 1024 }, () => rng.int(0, 255));
  out.push(['mirrored left-right', half.map((_, k) => half[(k & ~31) + Math.min(k % 32, 31 - (k % 32))])]);
  out.push([
    'mirrored top-bottom',
    half.map((_, k) => half[Math.min(k >> 5, 31 - (k >> 5)) * 32 + (k % 32)]),
  ]);
  out.push(['checkerboard', Uint8Array.from({ length: 1024 }, (_, k) => (((k >> 5) + k) % 2 ? 255 : 0))]);
  out.push(['ramp', Uint8Array.from({ length: 1024 }, (_, k) => k % 256)]);
  return out;
}

test('the DCT module validates', () => {
  assert.ok(WebAssembly.validate(dctSimdModule()));
});

test('the SIMD DCT gives the JavaScript DCT bit for bit: random, flat, mirrored, checkerboard, ramp', () => {
  for (const [name, grey] of images()) {
    const simd = simdDctLow(grey, COSINES);
    assert.ok(simd, 'WebAssembly SIMD available');
    const expected = bits(jsDctLow(grey));
    assert.deepEqual(bits(simd), expected, name);
  }
});

test('a mirrored image keeps its exact zeros through the SIMD DCT (its odd horizontal frequencies)', () => {
  const [, mirrored] = images().find(([name]) => name === 'mirrored left-right')!;
  const low = simdDctLow(mirrored, COSINES)!;
  for (let v = 0; v < 8; v++) for (const u of [1, 3, 5, 7]) assert.equal(low[v * 8 + u], 0, `v ${v}, u ${u}`);
  assert.match(dctHash(mirrored), /^[0-9a-f]{16}$/);
});
