import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { cacheFileFor, type CacheKey } from '../../../src/core/cache/recordCache';
import { summaryFileFor } from '../../../src/core/cache/summaryCache';
import { DEFAULT_MAX_PIXELS } from '../../../src/core/decode/decodedImage';
import { ENGINE_VERSION } from '../../../src/core/engine/version';

/** The key `analyze` files a folder's per-image records under (whole run, default pixel limit). */
export function cacheKeyOf(root: string): CacheKey {
  return { root: path.resolve(root), engineVersion: ENGINE_VERSION, maxPixels: DEFAULT_MAX_PIXELS };
}

/**
 * Removes the run summary `analyze` stored for `root` in `cacheDir`, keeping its per-image records: a re-run of an
 * unchanged folder would otherwise return that stored report (one walk, no search), and a bench measuring the
 * search from cached vectors would measure the walk.
 */
export function dropRunSummary(root: string, cacheDir: string): void {
  rmSync(summaryFileFor(cacheFileFor(cacheDir, cacheKeyOf(root))), { force: true });
}
