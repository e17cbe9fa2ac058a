import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLabels, stratifiedFolds, whyNotJudged } from '../../src/core/content/labelIssues';
import { fitSoftmax, predictSoftmax } from '../../src/core/content/softmaxRegression';
import { createRng } from '../../src/core/util/rng';
import { pythonMissing, runPython } from './helpers/python';

/** Gaussian clusters around random centres (unit length after noise), `perClass` rows each. */
function clusters(classes: number, perClass: number, dims: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, gauss));
  const rows: Float32Array[] = [];
  const truth: number[] = [];
  for (let c = 0; c < classes; c++)
    for (let i = 0; i < perClass; i++) {
      const v = Float32Array.from(centres[c], (x) => x + spread * gauss());
      const norm = Math.hypot(...v);
      rows.push(v.map((x) => x / norm));
      truth.push(c);
    }
  return { rows, truth };
}

test("the softmax regression's probabilities equal scikit-learn's LogisticRegression (same C, converged)", (t) => {
  const missing = pythonMissing({ numpy: 'python3-numpy', sklearn: 'python3-sklearn' });
  if (missing) return t.skip(missing);
  const { rows, truth } = clusters(3, 30, 6, 1.2, 5);
  const dims = 6;
  const x = { dims, values: Float32Array.from(rows.flatMap((r) => [...r])) };
  const model = fitSoftmax(
    x,
    truth,
    truth.map((_, i) => i),
    3,
    { c: 2, maxIterations: 1000 },
  );
  const ours = rows.map((_, i) => [...predictSoftmax(model, x, i, new Float64Array(3))]);
  const theirs = runPython<number[][]>(
    String.raw`
import json, sys
import numpy as np
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
X = np.array(d['x'], float).reshape(-1, d['dims']); y = np.array(d['y'])
m = LogisticRegression(C=2, tol=1e-10, max_iter=10000).fit(X, y)
print(json.dumps(m.predict_proba(X).tolist()))`,
    { x: [...x.values], dims, y: truth },
  );
  let worst = 0;
  ours.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - theirs[i][k])))));
  assert.ok(worst < 1e-3, `largest difference ${worst}`);
});

test('stratified folds: each class dealt evenly over the folds, the same for the same seed', () => {
  const labels = [...Array(23).fill(0), ...Array(11).fill(1), ...Array(6).fill(2)];
  const folds = stratifiedFolds(labels, 3, 5, 7);
  for (const c of [0, 1, 2]) {
    const sizes = [0, 0, 0, 0, 0];
    labels.forEach((l, i) => l === c && sizes[folds[i]]++);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `class ${c}: ${sizes.join(' ')}`);
  }
  assert.deepEqual(stratifiedFolds(labels, 3, 5, 7), folds);
  assert.notDeepEqual(stratifiedFolds(labels, 3, 5, 8), folds);
});

test('checkLabels finds flipped labels in separable clusters, suggests the true class, flags nothing else', () => {
  const names = ['cat', 'dog', 'fish', 'rare'];
  const { rows, truth } = clusters(3, 40, 24, 0.5, 3);
  const given = [...truth];
  const flipped = [3, 47, 90, 101];
  for (const i of flipped) given[i] = (truth[i] + 1) % 3;
  // A class with fewer images than folds: left out, never examined nor suggested.
  const rare = clusters(1, 3, 24, 0.5, 9).rows;
  rows.push(...rare);
  given.push(3, 3, 3);
  const features = { dims: 24, values: Float32Array.from(rows.flatMap((r) => [...r])) };
  const result = checkLabels(
    features,
    (i) => given[i],
    names,
    (i) => `f${i}.png`,
  );
  assert.ok(result);
  assert.deepEqual(result.check.classesLeftOut, ['rare']);
  assert.equal(result.check.examined, 120);
  assert.deepEqual(result.issues.map((i) => i.file).sort(), flipped.map((i) => `f${i}.png`).sort());
  for (const issue of result.issues) {
    const i = Number(issue.file.slice(1, -4));
    assert.equal(issue.given, names[given[i]]);
    assert.equal(issue.suggested, names[truth[i]]);
    assert.ok(issue.score > 0.5 && issue.score <= 1, `${issue.score}`);
  }
  const scores = result.issues.map((i) => i.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
  );
});

test('checkLabels needs two classes with enough images', () => {
  const { rows } = clusters(2, 4, 8, 0.5, 1);
  const features = { dims: 8, values: Float32Array.from(rows.flatMap((r) => [...r])) };
  assert.equal(
    checkLabels(
      features,
      (i) => (i < 4 ? 0 : 1),
      ['a', 'b'],
      (i) => String(i),
    ),
    null,
  );
});

test('checkLabels judges nothing when the classifier does no better than chance', () => {
  // Labels dealt at random over the rows, whatever their cluster: nothing in the vectors predicts them, and confident
  // learning on such probabilities flags a large share of the images, none of them for a reason.
  const { rows } = clusters(4, 100, 16, 0.8, 11);
  const rng = createRng(5);
  const given = rows.map(() => rng.int(0, 3));
  const features = { dims: 16, values: Float32Array.from(rows.flatMap((r) => [...r])) };
  const result = checkLabels(
    features,
    (i) => given[i],
    ['a', 'b', 'c', 'd'],
    (i) => `f${i}.png`,
  );
  assert.ok(result);
  assert.deepEqual(result.issues, []);
  assert.match(result.check.notJudged ?? '', /no better than chance/);
  assert.ok(result.check.accuracy < 0.4, `accuracy ${result.check.accuracy}`);
});

test('checkLabels judges a dataset whose classifier beats the largest class', () => {
  const { rows, truth } = clusters(3, 40, 24, 0.5, 3);
  const features = { dims: 24, values: Float32Array.from(rows.flatMap((r) => [...r])) };
  const result = checkLabels(
    features,
    (i) => truth[i],
    ['a', 'b', 'c'],
    (i) => `f${i}.png`,
  );
  assert.ok(result);
  assert.equal(result.check.notJudged, undefined);
});

test('whyNotJudged: balanced accuracy, so a good classifier of an imbalanced dataset is judged', () => {
  // 950 cats and 50 dogs: 940 cats and 25 dogs predicted right. Plain accuracy (0.965) is below the largest class's
  // share plus 3 standard errors (0.971), yet the dogs are told apart far better than chance.
  const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 950 ? 0 : 1));
  const predicted = labels.map((l, i) => (l === 0 ? (i < 940 ? 0 : 1) : i < 975 ? 1 : 0));
  assert.equal(whyNotJudged(labels, predicted, 2), undefined);
  // Always the largest class: balanced accuracy 1/K, not judged; nor predictions dealt at random.
  assert.match(
    whyNotJudged(labels, new Int32Array(1000), 2) ?? '',
    /balanced accuracy 50\.0%, chance 50\.0%/,
  );
  const rng = createRng(2);
  assert.ok(
    whyNotJudged(
      labels,
      labels.map(() => (rng.next() < 0.1 ? 1 : 0)),
      2,
    ),
  );
});
