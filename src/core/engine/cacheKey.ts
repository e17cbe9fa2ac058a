import path from 'node:path';
import type { CacheKey } from '../cache/recordCache';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import type { ShardSpec } from './shard';
import { ENGINE_VERSION } from './version';

/**
 * The key of a folder's per-image cache, the one place it is made: analysis writes under it, and the readers
 * (similar images, browse sizes) must name the very same file or they silently find nothing.
 */
export function cacheKeyFor(root: string, options: { maxPixels?: number; shard?: ShardSpec }): CacheKey {
  return {
    root: path.resolve(root),
    engineVersion: ENGINE_VERSION,
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    variant: options.shard && `${options.shard.index}/${options.shard.count}`,
  };
}
