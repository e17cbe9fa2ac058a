import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfirmView, pixelAgreement } from '../../src/core/content/confirmPair';
import { PIXEL_AGREEMENT } from '../../src/core/content/contentCollector';
import { decodeVector, encodeVector } from '../../src/core/records/contentRecord';
import { OUTLIER_K, searchNeighbours, type UnitVectors } from '../../src/core/content/contentSearch';
import { CONFIRM_THUMB_SIZE } from '../../src/core/content/modelInput';
import { resample } from '../../src/core/content/resample';
import { createRng } from '../../src/core/util/rng';

test('a content vector in one byte per value: every value within half a step of the largest / 255', () => {
  const rng = createRng(1);
  const v = Float32Array.from({ length: 816 }, () => rng.next() * 3);
  v[5] = 0;
  const coded = encodeVector(v);
  const back = decodeVector(coded);
  const max = Math.max(...v);
  for (let i = 0; i < v.length; i++) assert.ok(Math.abs(back[i] - v[i]) <= max / 510 + 1e-6);
  assert.equal(back[5], 0);
  assert.deepEqual(Array.from(decodeVector(encodeVector(new Float32Array(4)))), [0, 0, 0, 0]);
});

const T = CONFIRM_THUMB_SIZE;

/** A smooth random scene (blobs) with fine texture, as grey levels at 96 px, and its 48 px thumbnail. */
function scene(seed: number): Float32Array {
  const rng = createRng(seed);
  const S = 96;
  const img = new Float32Array(S * S);
  const blobs = Array.from({ length: 6 }, () => [
    rng.next() * S,
    rng.next() * S,
    8 + rng.next() * 20,
    rng.next() * 200,
  ]);
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++) {
      let v = 30 + rng.next() * 25;
      for (const [cx, cy, r, a] of blobs) v += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
      img[y * S + x] = Math.min(255, v);
    }
  return img;
}

function thumbOf(img: Float32Array, side: number, edit?: { mirror?: boolean; crop?: number; gain?: number }) {
  let src = img;
  let w = side;
  let h = side;
  if (edit?.crop) {
    const c = Math.round(side * edit.crop);
    w = h = side - 2 * c;
    src = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) src[y * w + x] = img[(y + c) * side + x + c];
  }
  if (edit?.mirror) {
    const m = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = src[y * w + (w - 1 - x)];
    src = m;
  }
  const small = resample(src, w, h, 1, 1, T, T);
  return Uint8Array.from(small, (v) => Math.round(Math.min(255, v * (edit?.gain ?? 1))));
}

test('pixel agreement: copies (mirrored, 2.5-3% cut from each side, brighter) agree; different scenes do not', () => {
  const a = scene(1);
  const original = new ConfirmView(thumbOf(a, 96));
  for (const edit of [{ mirror: true }, { crop: 0.025 }, { crop: 0.03, mirror: true }, { gain: 1.2 }]) {
    const copy = new ConfirmView(thumbOf(a, 96, edit));
    const score = pixelAgreement(original, copy);
    assert.ok(score >= PIXEL_AGREEMENT, `${JSON.stringify(edit)}: ${score}`);
    assert.ok(Math.abs(pixelAgreement(copy, original) - score) < 0.15, 'about symmetric');
  }
  for (let seed = 2; seed < 6; seed++) {
    const score = pixelAgreement(original, new ConfirmView(thumbOf(scene(seed), 96)));
    assert.ok(score < 0.5, `scene ${seed}: ${score}`);
  }
  const flat = new ConfirmView(new Uint8Array(T * T).fill(7));
  assert.equal(pixelAgreement(flat, flat), 0, 'a flat thumbnail agrees with nothing');
});

test('searchNeighbours: the pairs above the floor and the k-NN outlier scores of a brute-force search', () => {
  const rng = createRng(4);
  const dims = 96;
  const n = 300;
  const raw: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    // Clusters of near copies plus scattered points.
    const base = i < 200 ? Math.floor(i / 4) : i;
    const brng = createRng(1000 + base);
    raw.push(
      Float32Array.from(
        { length: dims },
        () => brng.next() - 0.5 + (i < 200 ? (rng.next() - 0.5) * 0.15 : 0),
      ),
    );
  }
  const unit = raw.map((v) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const classOf = (i: number) => i % 3;
  const vectors: UnitVectors = { count: n, dims, classOf, read: (i, out) => (out.set(unit[i]), out) };
  const found = searchNeighbours(vectors, 0.8);
  const cos = (i: number, j: number) => unit[i].reduce((s, x, c) => s + x * unit[j][c], 0);
  const expected: string[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (cos(i, j) >= 0.8) expected.push(`${i},${j}`);
  assert.ok(expected.length > 100);
  const pairs = Array.from({ length: found.pairs.length }, (_, p) => found.pairs.at(p));
  assert.deepEqual(pairs.map((p) => `${p.i},${p.j}`).sort(), expected.sort());
  for (const p of pairs) assert.ok(Math.abs(p.similarity - cos(p.i, p.j)) < 1e-5);
  const knn = (i: number, inClass: boolean) => {
    const sims: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && (!inClass || classOf(j) === classOf(i))) sims.push(cos(i, j));
    sims.sort((a, b) => b - a);
    return sims.slice(0, OUTLIER_K).reduce((s, x) => s + 1 - x, 0) / OUTLIER_K;
  };
  for (const i of [0, 7, 150, 201, 299]) {
    assert.ok(Math.abs(found.outlier[i] - knn(i, false)) < 1e-4, `image ${i}`);
    assert.ok(Math.abs(found.outlierInClass[i] - knn(i, true)) < 1e-4, `image ${i} in class`);
  }
});
