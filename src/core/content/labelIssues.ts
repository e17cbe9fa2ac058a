import { Growable } from '../util/growable';
import { createRng } from '../util/rng';
import { flatRowView, SpilledRows, type RowView } from '../util/rowView';
import { findLabelIssues } from './confidentLearning';
import { fitSoftmax, predictSoftmax, type Features, type SoftmaxModel } from './softmaxRegression';

/**
 * The classifier behind the label check, chosen by measurement (docs/quality-checks.md, `npm run bench:labels`):
 * logistic regression on the content vectors on their 64 leading principal axes (the near-duplicate search's
 * projection, contentSearch.ts), C = 10.
 */
export const LABEL_CLASSIFIER = {
  features: 'content vectors on their 64 principal axes, unit length',
  model: 'multinomial logistic regression (L2, C = 10)',
  c: 10,
  maxIterations: 100,
  folds: 5,
  seed: 1,
  /** Standard errors by which balanced accuracy must beat predictions unrelated to the labels (whyNotJudged). */
  judgedAboveChance: 3,
} as const;
/** Training rows per fold at most (a seeded sample of them beyond it): bounds the time on large datasets. */
const MAX_TRAINING_ROWS = 10_000;
/**
 * Bytes of out-of-fold probabilities kept in memory before the rest go to a temporary file: at 8 bytes a class an
 * image, ten classes and a million images would otherwise hold 80 MB through the check (a thousand classes, 8 GB).
 */
const PROBABILITIES_IN_MEMORY = 4 << 20;

export interface LabelIssue {
  file: string;
  given: string;
  suggested: string;
  /** 1 - the out-of-fold probability of the given class: higher, likelier wrong. */
  score: number;
}

export interface LabelCheck {
  method: 'confident learning';
  classifier: string;
  features: string;
  folds: number;
  seed: number;
  /** Labelled images the check examined (of classes with at least `folds` images). */
  examined: number;
  /** Classes with fewer than `folds` images: not examined, not suggested. */
  classesLeftOut: string[];
  /** Share of examined images whose out-of-fold prediction is their given class. */
  accuracy: number;
  /**
   * Why no image is listed although the check ran: the classifier's predictions relate to the given classes no more
   * than chance (whyNotJudged), so its disagreements with them say nothing. Absent when the check judged.
   */
  notJudged?: string;
}

/**
 * Images whose label is likely wrong: out-of-fold class probabilities (stratified, seeded k-fold) of a
 * classifier on the content vectors, then confident learning (confidentLearning.ts). Each comes with the class
 * the classifier predicts for it. Null when fewer than two classes have `folds` images.
 */
export function checkLabels(
  features: Features | RowView<Float32Array>,
  classOf: (k: number) => number,
  labelNames: string[],
  fileOf: (k: number) => string,
): { check: LabelCheck; issues: LabelIssue[] } | null {
  const { folds, seed } = LABEL_CLASSIFIER;
  const rows = 'row' in features ? features : flatRowView(features.values, features.dims);
  const count = rows.count;
  // Images per class (counted, not listed: a million images would take 8 MB of lists).
  const sizes = new Map<number, number>();
  for (let k = 0; k < count; k++) {
    const label = classOf(k);
    if (label >= 0) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  }
  const kept = [...sizes.entries()].filter(([, size]) => size >= folds).sort((a, b) => a[0] - b[0]);
  if (kept.length < 2) return null;
  const classesLeftOut = [...sizes.entries()]
    .filter(([, size]) => size < folds)
    .map(([label]) => labelNames[label])
    .sort();
  // Rows of the check (images of the kept classes, class by class, each in increasing order), class ids renumbered
  // 0..K-1 in order of `kept`.
  const start = new Map<number, number>();
  let total = 0;
  for (const [label, size] of kept) {
    start.set(label, total);
    total += size;
  }
  const images = new Int32Array(total);
  const labels = new Int32Array(total);
  const next = new Map(start);
  const renumbered = new Map(kept.map(([label], c) => [label, c]));
  for (let k = 0; k < count; k++) {
    const at = next.get(classOf(k));
    if (at === undefined) continue;
    images[at] = k;
    labels[at] = renumbered.get(classOf(k))!;
    next.set(classOf(k), at + 1);
  }
  const probs = outOfFold(rows, images, labels, kept.length);
  const K = kept.length;
  const issues: LabelIssue[] = [];
  let notJudged: string | undefined;
  let correct = 0;
  try {
    const predicted = new Int32Array(images.length);
    for (let r = 0; r < images.length; r++) {
      const row = probs.row(r);
      let best = 0;
      for (let c = 1; c < K; c++) if (row[c] > row[best]) best = c;
      predicted[r] = best;
      if (best === labels[r]) correct++;
    }
    notJudged = whyNotJudged(labels, predicted, K);
    if (notJudged === undefined) {
      const flagged = findLabelIssues(labels, probs);
      for (let r = 0; r < images.length; r++) {
        if (!flagged[r]) continue;
        issues.push({
          file: fileOf(images[r]),
          given: labelNames[kept[labels[r]][0]],
          suggested: labelNames[kept[predicted[r]][0]],
          score: Math.round((1 - probs.row(r)[labels[r]]) * 1e4) / 1e4,
        });
      }
    }
  } finally {
    probs.close();
  }
  issues.sort((a, b) => b.score - a.score || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    check: {
      method: 'confident learning',
      classifier: LABEL_CLASSIFIER.model,
      features: LABEL_CLASSIFIER.features,
      folds,
      seed,
      examined: images.length,
      classesLeftOut,
      accuracy: Math.round((correct / images.length) * 1e4) / 1e4,
      ...(notJudged ? { notJudged } : {}),
    },
    issues,
  };
}

/**
 * Why the check lists nothing, or undefined when the out-of-fold predictions tell the given classes apart.
 * The measure is balanced accuracy (the mean of the classes' recalls): predictions unrelated to the labels score
 * 1/K on average whatever the classes' sizes and however the predictions are spread (always naming the largest
 * class included), while plain accuracy would hold a good classifier of an imbalanced dataset to the largest class's
 * share. Judged when it exceeds 1/K by LABEL_CLASSIFIER.judgedAboveChance standard errors of that null: class c's
 * recall then has variance q_c (1 - q_c) / n_c, q_c the share of predictions naming c. Below it confident learning
 * still flags many images (labels dealt at random: about half), none for a reason.
 */
export function whyNotJudged(labels: Int32Array, predicted: Int32Array, K: number): string | undefined {
  const sizes = new Float64Array(K);
  const named = new Float64Array(K);
  const right = new Float64Array(K);
  for (let r = 0; r < labels.length; r++) {
    sizes[labels[r]]++;
    named[predicted[r]]++;
    if (predicted[r] === labels[r]) right[labels[r]]++;
  }
  let balanced = 0;
  let variance = 0;
  for (let c = 0; c < K; c++) {
    const q = named[c] / labels.length;
    balanced += right[c] / sizes[c] / K;
    variance += (q * (1 - q)) / sizes[c] / (K * K);
  }
  if (balanced > 1 / K + LABEL_CLASSIFIER.judgedAboveChance * Math.sqrt(variance)) return undefined;
  return (
    `the classifier's predictions match the given classes no better than chance (balanced accuracy ` +
    `${percent(balanced)}, chance ${percent(1 / K)}): the content does not tell these classes apart, so a ` +
    `disagreement says nothing about a label`
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * Each row's class probabilities from a model fitted on the other folds (stratified: every class in each). Row r
 * is image `images[r]` of `x`, read one at a time (`x` may be on disk): each fold's training rows (at most
 * MAX_TRAINING_ROWS) are copied together for the fit, which reads them many times. Every fold's model is fitted
 * first (a few KB each), then the rows are predicted in order, each by its fold's model, into SpilledRows (8 bytes
 * a class an image: on disk past PROBABILITIES_IN_MEMORY). The caller closes them.
 */
function outOfFold(
  x: RowView<Float32Array>,
  images: Int32Array,
  labels: Int32Array,
  classes: number,
): SpilledRows<Float64Array> {
  const { folds, seed } = LABEL_CLASSIFIER;
  const n = labels.length;
  const fold = stratifiedFolds(labels, classes, folds, seed);
  const rng = createRng(seed + 1);
  const models: SoftmaxModel[] = [];
  for (let f = 0; f < folds; f++) {
    const training = new Growable(Int32Array);
    for (let r = 0; r < n; r++) if (fold[r] !== f) training.push(r);
    const all = training.toArray();
    const rows = all.length > MAX_TRAINING_ROWS ? sampleRows(all, MAX_TRAINING_ROWS, rng) : all;
    const fitted: Features = { dims: x.width, values: new Float32Array(rows.length * x.width) };
    rows.forEach((r, at) => fitted.values.set(x.row(images[r]), at * x.width));
    models.push(
      fitSoftmax(
        fitted,
        Int32Array.from(rows, (r) => labels[r]),
        Int32Array.from(rows, (_, at) => at),
        classes,
        LABEL_CLASSIFIER,
      ),
    );
  }
  const probs = new SpilledRows(Float64Array, classes, PROBABILITIES_IN_MEMORY);
  const row = new Float64Array(classes);
  for (let r = 0; r < n; r++) {
    predictSoftmax(models[fold[r]], { dims: x.width, values: x.row(images[r]) }, 0, row);
    probs.push(row);
  }
  return probs;
}

/** Fold of each row: each class's rows shuffled (seeded) and dealt out in turn. */
export function stratifiedFolds(
  labels: ArrayLike<number>,
  classes: number,
  folds: number,
  seed: number,
): Uint8Array {
  const rng = createRng(seed);
  const fold = new Uint8Array(labels.length);
  // Each class's rows in increasing order (4 bytes a row).
  const sizes = new Int32Array(classes);
  for (let r = 0; r < labels.length; r++) sizes[labels[r]]++;
  const byClass = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(classes);
  for (let r = 0; r < labels.length; r++) byClass[labels[r]][filled[labels[r]]++] = r;
  let next = 0;
  for (const rows of byClass) {
    shuffle(rows, rng);
    for (const r of rows) fold[r] = next++ % folds;
  }
  return fold;
}

/** `count` of `rows`, seeded, in ascending order. */
function sampleRows(rows: Int32Array, count: number, rng: ReturnType<typeof createRng>): Int32Array {
  const copy = rows.slice();
  shuffle(copy, rng);
  return copy.slice(0, count).sort();
}

function shuffle(items: Int32Array, rng: ReturnType<typeof createRng>): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
