import { readCachedRecords } from '../cache/recordCache';
import { cacheKeyFor } from '../engine/cacheKey';
import { planScan } from '../scan/scanDataset';
import { emptyCounters } from '../scan/walk';
import { throwIfAborted } from '../util/errors';

/** Files listed at most: past this the index says it is cut short (the panel shows how many it left out). */
export const BROWSE_MAX_FILES = 250_000;

/**
 * Every image file of a dataset, for the panel's Browse tab: one column per field (70,000 rows cost arrays, not
 * objects), in scan order. Pixel sizes come from the analysis cache, not from reading the images again.
 */
export interface BrowseIndex {
  files: string[];
  classes: string[];
  splits: string[];
  /** Per file: its index in `classes` / `splits`, -1 when it has none. */
  classOf: number[];
  splitOf: number[];
  /** Per file: width and height the cached analysis measured; 0 when unknown (no cache, changed since, unreadable). */
  width: number[];
  height: number[];
  /** Image files found; more than `files.length` when the listing was cut at BROWSE_MAX_FILES. */
  found: number;
}

export interface BrowseOptions {
  /** The per-image cache folder the analysis wrote; without, sizes are unknown. */
  cacheDir?: string;
  maxPixels?: number;
  followExternalLinks?: boolean;
  signal?: AbortSignal;
}

/** Lists `root` as the analysis scans it (classes, splits, .datasetlensignore) and joins the cached sizes. */
export async function browseIndex(root: string, options: BrowseOptions = {}): Promise<BrowseIndex> {
  const sizes = cachedSizes(root, options);
  const plan = await planScan(root, { followExternalLinks: options.followExternalLinks });
  const index: BrowseIndex = {
    files: [],
    classes: [],
    splits: [],
    classOf: [],
    splitOf: [],
    width: [],
    height: [],
    found: 0,
  };
  const classIds = new Map<string, number>();
  const splitIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, names: string[], name: string | undefined) => {
    if (name === undefined) return -1;
    let id = ids.get(name);
    if (id === undefined) {
      id = names.push(name) - 1;
      ids.set(name, id);
    }
    return id;
  };
  for await (const chunk of plan.entryChunks(emptyCounters())) {
    throwIfAborted(options.signal);
    for (const entry of chunk) {
      index.found++;
      if (index.files.length >= BROWSE_MAX_FILES) continue;
      const size = sizes.get(entry.file);
      const current = size && size.bytes === entry.size && size.mtimeMs === entry.mtimeMs;
      index.files.push(entry.file);
      index.classOf.push(idOf(classIds, index.classes, entry.label));
      index.splitOf.push(idOf(splitIds, index.splits, entry.split));
      index.width.push(current ? size.width : 0);
      index.height.push(current ? size.height : 0);
    }
  }
  return index;
}

interface CachedSize {
  bytes: number;
  mtimeMs: number;
  width: number;
  height: number;
}

function cachedSizes(root: string, options: BrowseOptions): Map<string, CachedSize> {
  const sizes = new Map<string, CachedSize>();
  if (!options.cacheDir) return sizes;
  const key = cacheKeyFor(root, options);
  for (const { file, size, mtimeMs, result } of readCachedRecords(options.cacheDir, key)) {
    if (result.ok) sizes.set(file, { bytes: size, mtimeMs, width: result.width, height: result.height });
  }
  return sizes;
}
