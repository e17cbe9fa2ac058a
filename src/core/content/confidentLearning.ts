/**
 * Confident learning (Northcutt, Jiang & Chuang, JAIR 2021) as cleanlab implements it: `count.py`
 * compute_confident_joint (calibrated) and `filter.py` find_label_issues with its default
 * filter_by="prune_by_noise_rate", min_examples_per_class=1, frac_noise=1. Where numpy leaves an exact tie to
 * its sort, ties here go to the lower index.
 */

import type { RowView } from '../util/rowView';

/**
 * Out-of-fold predicted probabilities: a row of `width` (the number of classes) values per image, read a row at a
 * time (in memory or on disk).
 */
export type Probabilities = RowView<Float64Array>;

/** cleanlab's FLOATING_POINT_COMPARISON and CONFIDENT_THRESHOLDS_LOWER_BOUND. */
const EPSILON = 1e-6;
const THRESHOLD_FLOOR = 2 * EPSILON;
/** The threshold of a class no image is labelled with: nothing reaches it. */
const ABSENT_CLASS_THRESHOLD = 2;

/** Per class, the mean predicted probability of that class over the images labelled with it (self-confidence). */
export function confidentThresholds(labels: ArrayLike<number>, probs: Probabilities): Float64Array {
  const { count: n, width: K } = probs;
  const sum = new Float64Array(K);
  const count = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    sum[labels[i]] += probs.row(i)[labels[i]];
    count[labels[i]]++;
  }
  return Float64Array.from(sum, (s, k) =>
    Math.max(THRESHOLD_FLOOR, count[k] > 0 ? s / count[k] : ABSENT_CLASS_THRESHOLD),
  );
}

/**
 * The confident joint, `joint[given][guess]`, uncalibrated: each image whose probability reaches the threshold
 * of at least one class counts once, under its given label and the class it confidently belongs to (of several,
 * its most probable class overall, as cleanlab). The diagonal is at least 1.
 */
export function rawConfidentJoint(labels: ArrayLike<number>, probs: Probabilities): number[][] {
  const { count: n, width: K } = probs;
  const thresholds = confidentThresholds(labels, probs);
  const joint = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < n; i++) {
    const row = probs.row(i);
    let confident = 0;
    let firstConfident = -1;
    let argmax = 0;
    for (let k = 0; k < K; k++) {
      const p = row[k];
      if (p > row[argmax]) argmax = k;
      if (p >= thresholds[k] - EPSILON) {
        confident++;
        if (firstConfident < 0) firstConfident = k;
      }
    }
    if (confident === 0) continue;
    joint[labels[i]][confident > 1 ? argmax : firstConfident]++;
  }
  for (let k = 0; k < K; k++) joint[k][k] = Math.max(1, joint[k][k]);
  return joint;
}

/** Counts of each label. */
export function labelCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/**
 * The joint scaled so each row sums to the number of images with that label and the whole to all images, then
 * rounded to integers keeping each row's total (cleanlab's calibrate_confident_joint).
 */
export function calibrateJoint(joint: number[][], counts: number[]): number[][] {
  const scaled = joint.map((row, k) => {
    const total = Math.max(
      1e-100,
      row.reduce((a, b) => a + b, 0),
    );
    return row.map((v) => (v / total) * counts[k]);
  });
  const all = Math.max(
    1e-100,
    scaled.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0),
  );
  const images = counts.reduce((a, b) => a + b, 0);
  return scaled.map((row) => roundPreservingSum(row.map((v) => (v / all) * images)));
}

/** The confident joint as find_label_issues uses it: computed, then calibrated. */
export function confidentJoint(labels: ArrayLike<number>, probs: Probabilities): number[][] {
  return calibrateJoint(rawConfidentJoint(labels, probs), labelCounts(labels, probs.width));
}

/**
 * Rounds to integers whose sum is the rounded sum: values rounded half to even (numpy's round), then those
 * rounded furthest in the other direction moved by one until the sums agree (cleanlab's round_preserving_sum).
 */
export function roundPreservingSum(values: number[]): number[] {
  const ints = values.map(roundHalfEven);
  const target = roundHalfEven(values.reduce((a, b) => a + b, 0));
  let sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  while (Math.abs(sum - target) > EPSILON) {
    const diff = roundHalfEven(target - sum);
    const step = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), values.length);
    // Ascending remainder when stepping down, descending when stepping up.
    const order = values
      .map((v, i) => ({ i, rest: v - ints[i] }))
      .sort((a, b) => (step < 0 ? a.rest - b.rest : b.rest - a.rest) || a.i - b.i)
      .slice(0, changes);
    for (const { i } of order) ints[i] += step;
    sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * How many images of each given label to flag as belonging to each other class: the calibrated joint with each
 * row's diagonal raised to at least one image (the rest of the row lowered to make up for it) and truncated,
 * as cleanlab's _keep_at_least_n_per_class (n = 1) on the transposed joint.
 */
export function pruneCounts(joint: number[][]): number[][] {
  const K = joint.length;
  return joint.map((row, k) => {
    const diagonal = Math.max(row[k], 1);
    const raised = diagonal - row[k];
    const nonZero = row.filter((v) => v !== 0).length;
    const spread = raised / Math.max(nonZero - 1, 1);
    const out = row.map((v) => Math.trunc(Math.max(0, v - spread)));
    out[k] = diagonal;
    return out.slice(0, K);
  });
}

/**
 * Images whose given label is likely wrong (true at their index): for each given label k and other class j, the
 * pruneCounts[k][j] images labelled k with the largest p(j) - p(k) (ties: the lower index); never an image whose
 * most probable class is its given label. Labels are 0..classes-1. The rows are read in one pass, in order, and
 * those of flagged images once more: what is kept is the candidates (at most the images flagged), not the rows.
 */
export function findLabelIssues(labels: ArrayLike<number>, probs: Probabilities): Uint8Array {
  const { count: n, width: K } = probs;
  const counts = pruneCounts(confidentJoint(labels, probs));
  const sizes = labelCounts(labels, K);
  const best = counts.map((row, k) =>
    row.map((take, j) => (j === k || take <= 0 || sizes[k] <= 1 ? null : new LargestMargins(take))),
  );
  for (let i = 0; i < n; i++) {
    const k = labels[i];
    const lists = best[k];
    const row = probs.row(i);
    for (let j = 0; j < K; j++) lists[j]?.offer(i, row[j] - row[k]);
  }
  const flagged = new Uint8Array(n);
  for (const lists of best) for (const list of lists) list?.forEach((i) => (flagged[i] = 1));
  for (let i = 0; i < n; i++) {
    if (!flagged[i]) continue;
    const given = labels[i];
    const row = probs.row(i);
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = row[k] + (k === given ? EPSILON : 0);
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    if (best === given) flagged[i] = 0;
  }
  return flagged;
}

/**
 * The `size` images of the largest margins offered, ties to the earlier offered (images are offered in increasing
 * order): what sorting every offer by margin, then index, and keeping the first `size` gives. A binary heap whose
 * root is the one to drop first (the smallest margin, of equal margins the latest).
 */
class LargestMargins {
  private readonly images: Int32Array;
  private readonly margins: Float64Array;
  private length = 0;

  constructor(private readonly size: number) {
    this.images = new Int32Array(size);
    this.margins = new Float64Array(size);
  }

  offer(image: number, margin: number): void {
    if (this.length < this.size) {
      let at = this.length++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.dropsBefore(image, margin, parent)) break;
        this.move(parent, at);
        at = parent;
      }
      this.put(at, image, margin);
      return;
    }
    // Offered after every kept image: it replaces the root only with a strictly larger margin.
    if (!(margin > this.margins[0])) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.length) break;
      const right = left + 1;
      const child =
        right < this.length && this.dropsBefore(this.images[right], this.margins[right], left) ? right : left;
      if (this.dropsBefore(image, margin, child)) break;
      this.move(child, at);
      at = child;
    }
    this.put(at, image, margin);
  }

  forEach(visit: (image: number) => void): void {
    for (let s = 0; s < this.length; s++) visit(this.images[s]);
  }

  /** Whether (image, margin) is dropped before the kept one at `slot`: a smaller margin, or equal and later. */
  private dropsBefore(image: number, margin: number, slot: number): boolean {
    const other = this.margins[slot];
    return margin < other || (margin === other && image > this.images[slot]);
  }

  private move(from: number, to: number): void {
    this.images[to] = this.images[from];
    this.margins[to] = this.margins[from];
  }

  private put(at: number, image: number, margin: number): void {
    this.images[at] = image;
    this.margins[at] = margin;
  }
}
