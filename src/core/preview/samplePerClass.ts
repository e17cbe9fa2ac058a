import type { FileEntry } from '../scan/scanDataset';
import { createRng } from '../util/rng';
import { groupByClass } from '../export/listDataset';

/**
 * A seeded sample of `perClass` files from each class (at most `maxClasses` classes, in sorted order):
 * a partial Fisher-Yates shuffle per class, so the same seed always shows the same files.
 */
export function samplePerClass(
  entries: readonly FileEntry[],
  perClass: number,
  seed: number,
  maxClasses = 32,
): { className: string; entry: FileEntry }[] {
  const picked: { className: string; entry: FileEntry }[] = [];
  const rng = createRng(seed);
  let classes = 0;
  for (const [className, files] of groupByClass(entries)) {
    if (classes++ >= maxClasses) break;
    const pool = files.slice();
    const n = Math.min(perClass, pool.length);
    for (let i = 0; i < n; i++) {
      const j = rng.int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      picked.push({ className, entry: pool[i] });
    }
  }
  return picked;
}
