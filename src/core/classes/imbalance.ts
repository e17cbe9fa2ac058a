/** How skewed the class counts are, and the weights that compensate for it. */
export interface ImbalanceReport {
  /** Counts the weights were computed from: the `train` split when there is one, else every labelled file. */
  basis: string;
  /** Largest non-empty class count / smallest non-empty class count (1 when balanced; null with < 1 class). */
  ratio: number | null;
  largest: { name: string; count: number } | null;
  smallest: { name: string; count: number } | null;
  /** scikit-learn's "balanced" rule: n_samples / (n_classes * n_c), over non-empty classes. */
  classWeights: Record<string, number>;
  /** Cui et al. 2019, "Class-Balanced Loss Based on Effective Number of Samples". */
  effectiveNumber: {
    beta: number;
    /** E_c = (1 - beta^n_c) / (1 - beta). */
    perClass: Record<string, number>;
    /** Weights proportional to 1 / E_c, normalised to sum to the number of classes (as in the paper's code). */
    classWeights: Record<string, number>;
  };
  /** Classes with no images at all: they get no weight, and most loaders refuse them. */
  emptyClasses: string[];
  /** Classes with fewer than `minClassSize` images. */
  tinyClasses: string[];
}

export interface ImbalanceOptions {
  beta?: number;
  minClassSize?: number;
}

export const DEFAULT_BETA = 0.999;
export const DEFAULT_MIN_CLASS_SIZE = 20;

/** `counts` must list every class (empty ones too) in class-index order. */
export function imbalanceOf(
  counts: { name: string; count: number }[],
  basis: string,
  options: ImbalanceOptions = {},
): ImbalanceReport {
  const beta = options.beta ?? DEFAULT_BETA;
  const minClassSize = options.minClassSize ?? DEFAULT_MIN_CLASS_SIZE;
  const present = counts.filter((c) => c.count > 0);
  const total = present.reduce((s, c) => s + c.count, 0);
  const classWeights: Record<string, number> = {};
  const perClass: Record<string, number> = {};
  const inverse: Record<string, number> = {};
  let inverseSum = 0;
  for (const c of present) {
    classWeights[c.name] = total / (present.length * c.count);
    perClass[c.name] = (1 - Math.pow(beta, c.count)) / (1 - beta);
    inverse[c.name] = 1 / perClass[c.name];
    inverseSum += inverse[c.name];
  }
  const effectiveWeights: Record<string, number> = {};
  for (const c of present) effectiveWeights[c.name] = (inverse[c.name] / inverseSum) * present.length;

  let largest: { name: string; count: number } | null = null;
  let smallest: { name: string; count: number } | null = null;
  for (const c of present) {
    if (!largest || c.count > largest.count) largest = c;
    if (!smallest || c.count < smallest.count) smallest = c;
  }
  return {
    basis,
    ratio: largest && smallest ? largest.count / smallest.count : null,
    largest: largest && { ...largest },
    smallest: smallest && { ...smallest },
    classWeights,
    effectiveNumber: { beta, perClass, classWeights: effectiveWeights },
    emptyClasses: counts.filter((c) => c.count === 0).map((c) => c.name),
    tinyClasses: present.filter((c) => c.count < minClassSize).map((c) => c.name),
  };
}
