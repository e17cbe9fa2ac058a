import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  brighten,
  brightenInJs,
  contrastInJs,
  LUMA_B,
  LUMA_G,
  LUMA_R,
  saturate,
  saturateInJs,
  scaleContrast,
} from '../../src/core/augment/ops/colour';
import {
  colourModule,
  wasmBrighten,
  wasmContrast,
  wasmSaturate,
} from '../../src/core/augment/ops/colourWasm';
import { createRng } from './helpers/images';

/** Samples of a chunk of the kernels (12 x 5461), to cross chunk edges. */
const CHUNK = 65532;
/** Lengths around the kernels' step of 12 and their chunk, all whole RGB pixels (saturate needs them). */
const LENGTHS = [0, 3, 9, 12, 15, 36, 4101, CHUNK - 3, CHUNK, CHUNK + 3, 2 * CHUNK + 21];

/**
 * Samples as a chain's working image has them (0..255 with fractions), with runs outside the range and the edge
 * values a step can meet: -0, NaN, infinities, 255 and a hair above it, the float32 next to 0.5.
 */
function samples(n: number, seed: number, withEdges = true): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(-40, 300) + rng.int(0, 1023) / 1024;
  if (!withEdges) return out;
  const edges = [-0, NaN, Infinity, -Infinity, 255, 255.00001, 0, 0.49999997, -1e-30, 1e30];
  for (let k = 0; k < edges.length && k < n; k++) out[Math.floor((k * n) / edges.length)] = edges[k];
  return out;
}

/** The first index where a and b differ as values (Object.is: -0 and NaN count), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function assertSame(kernel: Float32Array, loop: Float32Array, what: string): void {
  const at = firstDifference(kernel, loop);
  const shown = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  assert.equal(
    at,
    -1,
    `${what}: sample ${at} is ${shown(kernel[at])} from the kernel, ${shown(loop[at])} from the loop`,
  );
}

test('the colour module validates and runs here (SIMD), so the kernels below are what the tests compare', () => {
  assert.ok(WebAssembly.validate(colourModule()));
  assert.ok(wasmBrighten(new Float32Array(12), new Float32Array(12), 1, 0));
});

test('brightness in WebAssembly gives the loop bytes: every length, factors below and above 1, negative adds', () => {
  for (const n of LENGTHS) {
    const src = samples(n, n + 1);
    for (const [factor, add] of [
      [1.27, 3.5],
      [0.7, -10.25],
      [1, 0],
      [1.3000000001, 0.1],
      [0, 255.5],
      // -0 * 1 + -0 is -0, which the loop's clamp keeps (a plain max would give +0).
      [1, -0],
    ]) {
      const loop = new Float32Array(n);
      brightenInJs(src, loop, factor, add);
      const kernel = new Float32Array(n);
      assert.ok(wasmBrighten(src, kernel, factor, add));
      assertSame(kernel, loop, `n ${n}, factor ${factor}, add ${add}`);
    }
  }
});

test('contrast in WebAssembly gives the loop bytes: one centre, three (RGB per channel), two and four', () => {
  for (const n of LENGTHS) {
    const src = samples(n, 7 * n + 3);
    for (const centre of [[117.3], [101.5, 87.25, 140.125], [12.5, 240], [10, 20, 30, 40.75]]) {
      if (n % centre.length) continue;
      for (const f of [0.7, 1.3, 1, 0]) {
        const loop = new Float32Array(n);
        contrastInJs(src, loop, f, centre);
        const kernel = new Float32Array(n);
        assert.ok(wasmContrast(src, kernel, f, centre));
        assertSame(kernel, loop, `n ${n}, centres ${centre.join(' ')}, factor ${f}`);
      }
    }
  }
  assert.equal(wasmContrast(new Float32Array(15), new Float32Array(15), 1, [1, 2, 3, 4, 5]), false);
});

test('saturation in WebAssembly gives the loop bytes, each pixel on its own luma', () => {
  for (const n of LENGTHS) {
    const src = samples(n, 11 * n + 5);
    for (const f of [0, 0.7, 1, 1.3, 2.5]) {
      const loop = new Float32Array(n);
      saturateInJs(src, loop, f);
      const kernel = new Float32Array(n);
      assert.ok(wasmSaturate(src, kernel, f, [LUMA_R, LUMA_G, LUMA_B]));
      assertSame(kernel, loop, `n ${n}, factor ${f}`);
    }
  }
});

test('the colour steps give the loop bytes whichever path they take, in place or not', () => {
  for (const n of [3000, 4098, CHUNK + 3]) {
    // No NaN here: it would make the mean, and then every sample, NaN.
    const src = samples(n, n, false);
    const expected = new Float32Array(n);
    brightenInJs(src, expected, 1.1, -4);
    const means = [0, 1, 2].map((c) => {
      let s = 0;
      for (let i = c; i < n; i += 3) s += expected[i];
      return s / (n / 3);
    });
    contrastInJs(expected, expected, 0.8, means);
    saturateInJs(expected, expected, 1.2);

    const inPlace = src.slice();
    brighten(inPlace, inPlace, 1.1, -4);
    scaleContrast(inPlace, inPlace, 3, 0.8, false);
    saturate(inPlace, inPlace, 1.2);
    assertSame(inPlace, expected, `in place, n ${n}`);

    const a = new Float32Array(n);
    brighten(src, a, 1.1, -4);
    const b = new Float32Array(n);
    scaleContrast(a, b, 3, 0.8, false);
    const c = new Float32Array(n);
    saturate(b, c, 1.2);
    assertSame(c, expected, `into new arrays, n ${n}`);
  }
});
