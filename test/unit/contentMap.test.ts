import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  nearestRows,
  projectMap,
  sampleIndices,
  type ContentMap,
  type MapInput,
} from '../../src/core/content/contentMap';
import { createRng } from '../../src/core/util/rng';
import { insidePolygon, pointsInside } from '../../webview/lasso';

const DIMS = 64;

/** `perClass` unit rows around each of `classes` random centres, with noise of `spread` on every axis. */
function clusters(classes: number, perClass: number, spread: number, seed = 7): MapInput {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const centres = Array.from({ length: classes }, () => Array.from({ length: DIMS }, gauss));
  const n = classes * perClass;
  const values = new Float32Array(n * DIMS);
  const files: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    let norm = 0;
    for (let d = 0; d < DIMS; d++) {
      const v = centres[c][d] + spread * gauss();
      values[i * DIMS + d] = v;
      norm += v * v;
    }
    for (let d = 0; d < DIMS; d++) values[i * DIMS + d] /= Math.sqrt(norm);
    files.push(`c${c}/${i}.png`);
    labels.push(`c${c}`);
  }
  return { dims: DIMS, values, files, classes: labels, splits: files.map(() => null) };
}

/** Share of points whose nearest other point on the map has their class. */
function nearestSameClass(map: ContentMap): number {
  const { x, y, class: cls } = map.points;
  let same = 0;
  for (let i = 0; i < x.length; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < x.length; j++) {
      if (j === i) continue;
      const d = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2;
      if (d < bestD) [best, bestD] = [j, d];
    }
    if (cls[best] === cls[i]) same++;
  }
  return same / x.length;
}

/** Mean distance between class centres over the mean distance of points to their own class centre. */
function separation(map: ContentMap): number {
  const { x, y, class: cls } = map.points;
  const names = [...new Set(cls)];
  const centre = names.map((name) => {
    const at = cls.flatMap((c, i) => (c === name ? [i] : []));
    return [at.reduce((s, i) => s + x[i], 0) / at.length, at.reduce((s, i) => s + y[i], 0) / at.length];
  });
  let within = 0;
  cls.forEach((c, i) => {
    const [cx, cy] = centre[names.indexOf(c)];
    within += Math.hypot(x[i] - cx, y[i] - cy);
  });
  within /= cls.length;
  let between = 0;
  let pairs = 0;
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++, pairs++)
      between += Math.hypot(centre[a][0] - centre[b][0], centre[a][1] - centre[b][1]);
  return between / pairs / within;
}

test('the same vectors give the same map', async () => {
  const input = clusters(3, 40, 0.6);
  const a = await projectMap(input, 120);
  const b = await projectMap(input, 120);
  assert.ok(a && b);
  assert.deepEqual(a.points, b.points);
  assert.equal(a.shown, 120);
  assert.deepEqual(a.params, { nNeighbors: 15, minDist: 0.1, nEpochs: 200, seed: 0 });
  for (const v of [...a.points.x, ...a.points.y]) assert.ok(v >= 0 && v <= 1, `${v} outside [0, 1]`);
  assert.equal(Math.max(Math.max(...a.points.x), Math.max(...a.points.y)), 1);
});

test('classes apart in the vectors stay apart on the map', async () => {
  // Noise of 0.8 per axis around centres of unit variance: each class is a loose cloud, no two overlap.
  const map = await projectMap(clusters(4, 60, 0.8), 240);
  assert.ok(map);
  const same = nearestSameClass(map);
  const sep = separation(map);
  assert.ok(same >= 0.97, `nearest neighbour on the map of the same class for ${same}`);
  assert.ok(sep >= 3, `classes' centres ${sep.toFixed(2)}x farther apart than their points from them`);
});

test('a map of one cloud does not separate its arbitrary halves', async () => {
  // The opposite check: with one class split in two by name only, the halves mix on the map.
  const input = clusters(1, 160, 0.8);
  input.classes = input.classes.map((_, i) => (i % 2 ? 'odd' : 'even'));
  const map = await projectMap(input, 160);
  assert.ok(map);
  assert.ok(nearestSameClass(map) < 0.75, `${nearestSameClass(map)}`);
});

test('nearest rows match a sort of every pair', () => {
  const input = clusters(3, 30, 1.5, 3);
  const k = 6;
  const { indices, distances } = nearestRows(input.values, DIMS, k);
  const n = input.files.length;
  for (let i = 0; i < n; i++) {
    const d = (j: number) => {
      let s = 0;
      for (let c = 0; c < DIMS; c++) s += input.values[i * DIMS + c] * input.values[j * DIMS + c];
      return 1 - s;
    };
    const others = Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => d(a) - d(b) || a - b);
    assert.deepEqual(indices[i], [i, ...others.slice(0, k - 1)]);
    distances[i].slice(1).forEach((v, at) => assert.ok(Math.abs(v - d(others[at])) < 1e-5));
    assert.equal(distances[i][0], 0);
  }
});

test('the sample is seeded, sorted, distinct, and whole below the limit', () => {
  const a = sampleIndices(10_000, 500, 0);
  assert.deepEqual(a, sampleIndices(10_000, 500, 0));
  assert.notDeepEqual(a, sampleIndices(10_000, 500, 1));
  assert.equal(new Set(a).size, 500);
  for (let i = 1; i < a.length; i++) assert.ok(a[i - 1] < a[i]);
  assert.ok(a[a.length - 1] > 5_000, 'drawn from the whole range');
  assert.deepEqual([...sampleIndices(4, 500, 0)], [0, 1, 2, 3]);
});

test('too few images give no map', async () => {
  assert.equal(await projectMap(clusters(1, 2, 0.1), 2), null);
});

test('a cancelled map stops', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(projectMap(clusters(2, 20, 0.5), 40, { signal: controller.signal }), {
    name: 'CancelledError',
  });
});

test('lasso: points inside a concave polygon, edges and outside', () => {
  // A "C" shape: the notch on the right is outside.
  const ring = [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 3 },
    { x: 3, y: 3 },
    { x: 3, y: 7 },
    { x: 10, y: 7 },
    { x: 10, y: 10 },
    { x: 0, y: 10 },
  ];
  assert.equal(insidePolygon({ x: 1, y: 5 }, ring), true);
  assert.equal(insidePolygon({ x: 8, y: 1 }, ring), true);
  assert.equal(insidePolygon({ x: 8, y: 5 }, ring), false, 'in the notch');
  assert.equal(insidePolygon({ x: 11, y: 5 }, ring), false);
  assert.equal(insidePolygon({ x: -1, y: 5 }, ring), false);
  const pts = [
    { x: 1, y: 5 },
    { x: 8, y: 5 },
    { x: 8, y: 9 },
    { x: 20, y: 20 },
  ];
  assert.deepEqual(pointsInside(pts, ring), [0, 2]);
  assert.deepEqual(pointsInside(pts, ring.slice(0, 2)), [], 'a line holds nothing');
});
