import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confidentJoint,
  findLabelIssues,
  rawConfidentJoint,
  roundPreservingSum,
  type Probabilities,
} from '../../src/core/content/confidentLearning';
import { flatRowView } from '../../src/core/util/rowView';
import { createRng } from '../../src/core/util/rng';
import { NUMPY_PIL, pythonMissing, runPython } from './helpers/python';

/**
 * An independent numpy computation of cleanlab's count.compute_confident_joint and filter.find_label_issues
 * (prune_by_noise_rate), written from cleanlab's source (count.py, filter.py, internal/util.py). Where cleanlab leaves
 * an exact tie to numpy's unstable argsort (rounding a row with equal entries), the lower index goes first.
 */
const NUMPY_CONFIDENT_LEARNING = String.raw`
import json, sys
import numpy as np
d = json.load(sys.stdin)
y = np.array(d['labels']); P = np.array(d['probs'], float).reshape(len(y), d['classes']); K = d['classes']
def round_preserving_sum(fl):
    fl = np.asarray(fl, float); ints = fl.round(); o = fl.sum().round(); s = ints.sum().round()
    while abs(s - o) > 1e-6:
        diff = np.round(o - s); inc = -1 if diff < 0 else 1; ch = min(int(abs(diff)), len(fl))
        # cleanlab: np.argsort(fl - ints)[::-inc][:ch]; exact ties (equal rows scale alike) to the lower index
        order = np.argsort(inc * (ints - fl), kind='stable')
        for i in order[:ch]: ints[i] += inc
        s = ints.sum().round()
    return ints.astype(int)
t = np.clip([P[y == k, k].mean() if (y == k).any() else 2 for k in range(K)], 2e-6, None)
above = P >= t - 1e-6
n_above = above.sum(1)
guess = np.where(n_above > 1, P.argmax(1), above.argmax(1))
raw = np.zeros((K, K), int)
for g, l in zip(guess[n_above > 0], y[n_above > 0]): raw[l, g] += 1
np.fill_diagonal(raw, raw.diagonal().clip(min=1))
counts = np.bincount(y, minlength=K)
c = (raw.T / np.clip(raw.sum(1), 1e-100, None) * counts).T
c = c / np.clip(c.sum(), 1e-100, None) * counts.sum()
cj = np.array([round_preserving_sum(row) for row in c])
pcm = cj.T.astype(float)
diag = np.diagonal(pcm).copy(); new_diag = np.maximum(diag, 1)
per = np.maximum(np.count_nonzero(pcm, axis=0) - 1.0, 1.0)
pcm = pcm - (new_diag - diag) / per; pcm[pcm < 0] = 0; np.fill_diagonal(pcm, new_diag); pcm = pcm.astype(int)
mask = np.zeros(len(y), bool)
for k in range(K):
    idx = np.where(y == k)[0]
    if len(idx) <= 1: continue
    for j in range(K):
        if j != k and pcm[j][k] > 0:
            margin = P[idx, j] - P[idx, k]
            mask[idx[np.argsort(-margin, kind='stable')[:pcm[j][k]]]] = True
Q = P.copy(); Q[np.arange(len(y)), y] += 1e-6
mask[Q.argmax(1) == y] = False
print(json.dumps({'raw': raw.tolist(), 'calibrated': cj.tolist(), 'issues': np.where(mask)[0].tolist()}))
`;

/** Given labels and their probabilities, also as the flat array handed to numpy. */
interface Case {
  labels: number[];
  values: Float64Array;
  probs: Probabilities;
}

/**
 * A fixed, noisy K-class problem: 160 images, 12% labelled with a random other class; probabilities peaked on the
 * true class (by `sure` times more for higher classes) with seeded noise, some images ambiguous between two
 * classes. A weak model (small `sure`) has low thresholds: images then reach several.
 */
function fixture(seed: number, K: number, sure: number): Case {
  const rng = createRng(seed);
  const n = 160;
  const labels: number[] = [];
  const values = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const truth = i % K;
    labels.push(rng.next() < 0.12 ? (truth + rng.int(1, K - 1)) % K : truth);
    const logits = Array.from({ length: K }, () => rng.next() * 2);
    // Classes differ in how sure the model is of them (their thresholds differ widely).
    logits[truth] += sure * (1 + truth) + rng.next() * 2;
    if (rng.next() < 0.2) logits[(truth + 1) % K] += 2.5;
    const exps = logits.map(Math.exp);
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, k) => (values[i * K + k] = e / total));
  }
  return { labels, values, probs: flatRowView(values, K) };
}

/**
 * Three classes: the model is sure of class 0 (threshold ~0.9) and unsure of 1 and 2 (~0.3). Images split
 * [0.38, 0.31, 0.31] reach the thresholds of 1 and 2 but not of 0, their most probable class: cleanlab counts
 * them under that class all the same (the first or likelier confident class would be another count).
 */
function splitBetweenClasses(): Case {
  const rows: [number, number[]][] = [];
  for (let i = 0; i < 20; i++) rows.push([0, [0.9 + (i % 5) * 0.01, 0.05, 0.05 - (i % 5) * 0.01]]);
  for (let i = 0; i < 10; i++) rows.push([1, [0.2, 0.5, 0.3]], [1, [0.2, 0.1, 0.7]]);
  for (let i = 0; i < 10; i++) rows.push([2, [0.2, 0.3, 0.5]], [2, [0.2, 0.7, 0.1]]);
  for (let i = 0; i < 6; i++) rows.push([1 + (i % 2), [0.38, 0.31, 0.31]]);
  const values = Float64Array.from(rows.flatMap(([, p]) => p));
  return { labels: rows.map(([label]) => label), values, probs: flatRowView(values, 3) };
}

const CASES: [string, () => Case][] = [
  ['4 classes', () => fixture(11, 4, 1)],
  ['6 classes, a weak model', () => fixture(5, 6, 0.3)],
  ['most probable class not confident', splitBetweenClasses],
];

for (const [name, make] of CASES)
  test(`the confident joint, its calibration and the label issues equal a numpy computation of cleanlab's (${name})`, (t) => {
    const missing = pythonMissing(NUMPY_PIL);
    if (missing) return t.skip(missing);
    const { labels, values, probs } = make();
    const reference = runPython<{ raw: number[][]; calibrated: number[][]; issues: number[] }>(
      NUMPY_CONFIDENT_LEARNING,
      { labels, classes: probs.width, probs: [...values] },
    );
    assert.deepEqual(rawConfidentJoint(labels, probs), reference.raw);
    assert.deepEqual(confidentJoint(labels, probs), reference.calibrated);
    const issues = findLabelIssues(labels, probs);
    assert.deepEqual(
      [...issues.keys()].filter((i) => issues[i]),
      reference.issues,
    );
    // The case exercises what it should: some, not all, images flagged.
    assert.ok(
      reference.issues.length > 0 && reference.issues.length < probs.count / 2,
      `${reference.issues.length}`,
    );
  });

test('rounding keeps the total and rounds halves to even, as numpy does', () => {
  assert.deepEqual(roundPreservingSum([0.5, 1.5, 2.5]), [0, 2, 2]);
  assert.deepEqual(roundPreservingSum([1.4, 1.4, 1.2]), [2, 1, 1]);
  const row = [2.571, 2.57, 38.571, 235.288];
  assert.equal(
    roundPreservingSum(row).reduce((a, b) => a + b, 0),
    Math.round(row.reduce((a, b) => a + b, 0)),
  );
});
