import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBytes, type AugImage } from '../../src/core/augment/augImage';

/** The definition toBytes must keep: round half up (all values here are >= 0), clamp to 0..255, NaN to 0. */
function reference(v: number): number {
  if (Number.isNaN(v)) return 0;
  return Math.min(255, Math.max(0, Math.round(v)));
}

/** The float32 just above or below `v` (a float32), by stepping its bit pattern. */
function float32Step(v: number, step: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v);
  const bits = view.getUint32(0);
  view.setUint32(0, v === 0 ? (step > 0 ? 1 : 0x80000001) : v > 0 ? bits + step : bits - step);
  return view.getFloat32(0);
}

test('toBytes rounds every float32 at the half-way edges as Math.round, clamps and maps NaN to 0', () => {
  const values: number[] = [
    NaN,
    -Infinity,
    Infinity,
    -1,
    -0.5,
    -0,
    0,
    1e-45,
    1e-30,
    0.25,
    254.5,
    255,
    256,
    1e9,
  ];
  for (let n = 0; n <= 256; n++) {
    const half = n - 0.5;
    values.push(half, float32Step(half, -1), float32Step(half, 1), n, float32Step(n, -1), float32Step(n, 1));
  }
  let state = 12345;
  for (let i = 0; i < 200_000; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    values.push((state / 2 ** 32) * 270 - 5);
  }
  const data = Float32Array.from(values);
  const image: AugImage = { width: data.length, height: 1, channels: 1, data };
  const bytes = toBytes(image);
  const wrong = [...data].flatMap((v, i) => (bytes[i] === reference(v) ? [] : [`${v} -> ${bytes[i]}`]));
  assert.deepEqual(wrong.slice(0, 10), []);
});
