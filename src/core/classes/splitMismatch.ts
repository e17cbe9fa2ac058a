/** How far a split's class distribution is from the training split's. */
export interface SplitMismatch {
  split: string;
  reference: string;
  /** Total variation distance, 0 (same proportions) .. 1 (disjoint classes): half the L1 distance. */
  totalVariation: number;
  /** Jensen-Shannon divergence in bits, 0 .. 1. */
  jensenShannon: number;
  /** Classes with images in the reference split but none in this one, and the reverse. */
  missingClasses: string[];
  extraClasses: string[];
}

/** Compares every split with `reference` (usually train) over the same class list. */
export function splitMismatch(
  reference: { name: string; counts: Map<string, number> },
  others: { name: string; counts: Map<string, number> }[],
  classNames: string[],
): SplitMismatch[] {
  const p = proportions(reference.counts, classNames);
  return others.map((split) => {
    const q = proportions(split.counts, classNames);
    let l1 = 0;
    let js = 0;
    for (let i = 0; i < classNames.length; i++) {
      l1 += Math.abs(p[i] - q[i]);
      const m = (p[i] + q[i]) / 2;
      if (p[i] > 0) js += 0.5 * p[i] * Math.log2(p[i] / m);
      if (q[i] > 0) js += 0.5 * q[i] * Math.log2(q[i] / m);
    }
    return {
      split: split.name,
      reference: reference.name,
      totalVariation: l1 / 2,
      jensenShannon: js,
      missingClasses: classNames.filter(
        (c) => (reference.counts.get(c) ?? 0) > 0 && (split.counts.get(c) ?? 0) === 0,
      ),
      extraClasses: classNames.filter(
        (c) => (reference.counts.get(c) ?? 0) === 0 && (split.counts.get(c) ?? 0) > 0,
      ),
    };
  });
}

function proportions(counts: Map<string, number>, classNames: string[]): number[] {
  const total = classNames.reduce((s, c) => s + (counts.get(c) ?? 0), 0);
  return classNames.map((c) => (total > 0 ? (counts.get(c) ?? 0) / total : 0));
}
