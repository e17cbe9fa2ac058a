import type { ImageHistogram } from './imageHistogram';
import { StatsAccumulator } from './statsAccumulator';

/** The accumulators a report is made of: the whole dataset, each class, each split. */
export interface StatsGroups {
  all: StatsAccumulator;
  byClass: Map<string, StatsAccumulator>;
  bySplit: Map<string, StatsAccumulator>;
}

/**
 * Statistics of every image, per class and per split, with each image added once: to the accumulator of its
 * (class, split) pair. The whole set, the classes and the splits are merged from those pairs when asked for.
 * Adding each image to three accumulators was three passes over its histogram, most of the main process's work per
 * image on small images (measured). Sums are exact (integer counts, fixed-point stds), so merging gives the same
 * numbers bit for bit.
 */
export class GroupedStats {
  /** class (undefined: none) -> split (undefined: none) -> accumulator */
  private readonly pairs = new Map<string | undefined, Map<string | undefined, StatsAccumulator>>();

  add(histogram: ImageHistogram, hadAlpha: boolean, label?: string, split?: string): void {
    let bySplit = this.pairs.get(label);
    if (!bySplit) this.pairs.set(label, (bySplit = new Map()));
    let pair = bySplit.get(split);
    if (!pair) bySplit.set(split, (pair = new StatsAccumulator()));
    pair.add(histogram, hadAlpha);
  }

  /** New accumulators merged from the pairs: later adds do not change them, nor do changes to them this. */
  groups(): StatsGroups {
    const all = new StatsAccumulator();
    const byClass = new Map<string, StatsAccumulator>();
    const bySplit = new Map<string, StatsAccumulator>();
    for (const [label, splits] of this.pairs) {
      for (const [split, pair] of splits) {
        all.merge(pair);
        if (label !== undefined) groupOf(byClass, label).merge(pair);
        if (split !== undefined) groupOf(bySplit, split).merge(pair);
      }
    }
    return { all, byClass, bySplit };
  }
}

function groupOf(groups: Map<string, StatsAccumulator>, key: string): StatsAccumulator {
  let acc = groups.get(key);
  if (!acc) groups.set(key, (acc = new StatsAccumulator()));
  return acc;
}
