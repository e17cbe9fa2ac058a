import type { FileEntry } from '../scan/scanPlan';
import { createRng } from '../util/rng';

/** A file of the run and its position in scan order (the cache is written in this order). */
export interface Indexed {
  entry: FileEntry;
  index: number;
}

/** Algorithm R with the seeded generator: a uniform sample of `size` entries in one streaming pass. */
export async function reservoirSample(
  entries: AsyncIterable<FileEntry>,
  size: number,
  seed: number,
  accept: (entry: FileEntry) => boolean,
): Promise<{ picked: Indexed[]; population: number }> {
  const rng = createRng(seed);
  const picked: Indexed[] = [];
  let population = 0;
  for await (const entry of entries) {
    if (!accept(entry)) continue;
    const item = { entry, index: population++ };
    if (picked.length < size) picked.push(item);
    else {
      const j = rng.int(0, population - 1);
      if (j < size) picked[j] = item;
    }
  }
  return { picked, population };
}
