import { fullCollection } from '../util/garbageCollection';

/**
 * Vectors between two full collections: ~4 MB of native memory left behind (one shard, see SHARD_SIZE in
 * approximateNearest.ts).
 */
const COLLECT_AFTER_VECTORS = 100_000;

/**
 * Counts the vectors of usearch indexes released since the last full collection, and collects once they reach
 * `collectAfter`. A released index still leaves ~40 bytes a vector of native memory (4 MB a 100,000-vector shard,
 * measured on the 1M-image content bench) that goes only when V8 collects its wrapper, and V8, which does not see
 * that memory, never collects for it: over the shards of 10M images that would be ~400 MB, overall and again per
 * class. Counting across calls lets many small per-class indexes share one collection.
 */
export class ReleasedIndexes {
  private vectors = 0;

  /** `collect`: a full collection (default: V8's, see fullCollection). */
  constructor(
    private readonly collect: () => void = fullCollection(),
    private readonly collectAfter = COLLECT_AFTER_VECTORS,
  ) {}

  /**
   * An index of `count` vectors was released and its wrapper is unreachable (call it from outside the function
   * that held it, whose frame may still point at it).
   */
  released(count: number): void {
    this.vectors += count;
    if (this.vectors < this.collectAfter) return;
    this.vectors = 0;
    this.collect();
  }
}

let processWide: ReleasedIndexes | undefined;

/** The process's count (native memory is the process's, whichever search released it). */
export function releasedIndexes(): ReleasedIndexes {
  processWide ??= new ReleasedIndexes();
  return processWide;
}
