import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBytes, toBytesInJs, type AugImage } from '../../src/core/augment/augImage';
import { wasmToBytes } from '../../src/core/augment/ops/bytesWasm';

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
  const inJs = new Uint8Array(data.length);
  toBytesInJs(data, inJs);
  const inWasm = new Uint8Array(data.length);
  assert.ok(wasmToBytes(data, inWasm), 'WebAssembly SIMD in this Node');
  for (const [path, bytes] of [
    ['toBytes', toBytes(image)],
    ['JavaScript', inJs],
    ['WebAssembly', inWasm],
  ] as const) {
    const wrong = [...data].flatMap((v, i) => (bytes[i] === reference(v) ? [] : [`${v} -> ${bytes[i]}`]));
    assert.deepEqual(wrong.slice(0, 10), [], path);
  }
});

test('toBytes in WebAssembly: every length around its 16-sample steps and chunks, nothing written past the end', () => {
  for (const length of [1, 15, 16, 17, 4095, 4096, 4097, 65535, 65536, 65537, 131072 + 5]) {
    const data = new Float32Array(length);
    for (let i = 0; i < length; i++) data[i] = ((i * 7919) % 2600) / 10 - 2.5;
    const out = new Uint8Array(length + 8).fill(77);
    assert.ok(wasmToBytes(data, out.subarray(0, length)));
    const expected = new Uint8Array(length);
    toBytesInJs(data, expected);
    assert.deepEqual(out.subarray(0, length), expected, `length ${length}`);
    assert.deepEqual([...out.subarray(length)], Array(8).fill(77), `past ${length}`);
  }
});
