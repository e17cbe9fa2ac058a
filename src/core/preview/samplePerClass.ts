import type { FileEntry } from '../scan/scanPlan';
import { createRng } from '../util/rng';
import { groupByClass } from '../export/listDataset';

/**
 * Each class's files in a seeded random order (classes sorted, at most `maxClasses`): callers take the first
 * ones that decode, so an unreadable file never leaves a class without a picture.
 */
export function shuffledPerClass(
  entries: readonly FileEntry[],
  seed: number,
  maxClasses = 32,
): { className: string; candidates: FileEntry[] }[] {
  const rng = createRng(seed);
  return [...groupByClass(entries)].slice(0, maxClasses).map(([className, files]) => {
    const pool = files.slice();
    for (let i = 0; i < pool.length - 1; i++) {
      const j = rng.int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return { className, candidates: pool };
  });
}
