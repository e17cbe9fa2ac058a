import type { FileEntry } from '../scan/scanPlan';
import { compareNames } from '../util/names';
import type { Rng } from '../util/rng';

/** A labelled entry with its class index (position in the sorted class list). */
export interface LabelledEntry {
  entry: FileEntry;
  classIndex: number;
}

/** A labelled entry with the fold it is held out in. */
export interface FoldedEntry extends LabelledEntry {
  fold: number;
}

export interface ProbeFolds {
  /** Sorted class names: index = label, as Keras and torchvision number them. */
  classes: string[];
  /** Per class in class order, each class's entries in its shuffled order. */
  entries: FoldedEntry[];
  folds: number;
}

/**
 * A seeded stratified sample of at most `size` labelled entries (classes in proportion, each class kept when
 * possible), dealt per class into `folds` folds in turn, so every fold holds each class in proportion. Round r
 * holds out fold r and trains on the rest. Unlabelled entries are ignored; the dataset's own train/test folders
 * are not used: the probe needs its own split of whatever it samples.
 */
export function stratifiedFolds(
  entries: readonly FileEntry[],
  size: number,
  folds: number,
  rng: Rng,
): ProbeFolds {
  const byClass = new Map<string, FileEntry[]>();
  for (const entry of entries) {
    if (entry.label === undefined) continue;
    const list = byClass.get(entry.label);
    if (list) list.push(entry);
    else byClass.set(entry.label, [entry]);
  }
  const classes = [...byClass.keys()].sort(compareNames);
  const quotas = allocate(
    classes.map((c) => byClass.get(c)!.length),
    size,
  );
  const out: FoldedEntry[] = [];
  classes.forEach((name, classIndex) => {
    const chosen = shuffled(byClass.get(name)!, rng).slice(0, quotas[classIndex]);
    // A class of one image stays in training: held out, it would leave its class unlearnt in that round.
    chosen.forEach((entry, i) => out.push({ entry, classIndex, fold: chosen.length < 2 ? -1 : i % folds }));
  });
  return { classes, entries: out, folds };
}

/** Per-class quotas summing to min(size, total): largest remainder, then at least 2 per class where possible. */
export function allocate(counts: readonly number[], size: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= size) return [...counts];
  const exact = counts.map((c) => (c * size) / total);
  const quotas = exact.map(Math.floor);
  let left = size - quotas.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => exact[b] - quotas[b] - (exact[a] - quotas[a]) || a - b);
  for (const i of order) {
    if (left === 0) break;
    quotas[i]++;
    left--;
  }
  // A class of the sample needs one image to train on and one to measure: take them from the largest quotas.
  for (let i = 0; i < quotas.length; i++) {
    while (quotas[i] < Math.min(2, counts[i])) {
      const donor = quotas.indexOf(Math.max(...quotas));
      if (quotas[donor] <= 2) return quotas;
      quotas[donor]--;
      quotas[i]++;
    }
  }
  return quotas;
}

/** Fisher-Yates with our seeded generator. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
