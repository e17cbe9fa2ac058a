import { statSync } from 'node:fs';
import * as path from 'node:path';
import { listDataset, type ListedDataset } from '../export/listDataset';
import type { ScanOptions } from '../scan/scanPlan';

type ListOptions = Pick<ScanOptions, 'labelsCsv' | 'classNames' | 'followExternalLinks'> & {
  signal?: AbortSignal;
};

interface Kept {
  key: string;
  listed: ListedDataset;
  /** Each folder and file the listing depends on, with its mtime and size when listed. */
  stamps: [string, number, number][];
}

/** Listings kept (one per dataset previewed, the last few). */
const KEEP = 4;
const kept: Kept[] = [];

/**
 * listDataset for a preview, kept between previews: the panel re-renders the same dataset on every edit, and
 * listing thousands of files cost more than the grid. The kept listing is used while the mtime of every folder it
 * found images in (and of their parents up to the root), of the root and of the labels and class-names files are
 * unchanged: adding, removing or renaming a file or a folder in any of them changes one. Container sources are
 * listed every time.
 */
export async function listForPreview(root: string, options: ListOptions = {}): Promise<ListedDataset> {
  const { labelsCsv, classNames, followExternalLinks } = options;
  const scan = { labelsCsv, classNames, followExternalLinks };
  const key = JSON.stringify([path.resolve(root), scan]);
  const index = kept.findIndex((k) => k.key === key);
  const hit = index >= 0 ? kept[index] : undefined;
  if (hit && hit.stamps.every(([file, mtime, size]) => sameStamp(file, mtime, size))) {
    kept.splice(index, 1);
    kept.unshift(hit);
    return hit.listed;
  }
  const listed = await listDataset(root, options);
  if (index >= 0) kept.splice(index, 1);
  const stamps = stampsOf(root, scan, listed);
  if (stamps) {
    kept.unshift({ key, listed, stamps });
    kept.length = Math.min(kept.length, KEEP);
  }
  return listed;
}

/** The stamps a listing depends on, or undefined when it cannot be kept (a container's members). */
function stampsOf(root: string, scan: ListOptions, listed: ListedDataset): Kept['stamps'] | undefined {
  const top = path.resolve(root);
  const paths = new Set<string>([top]);
  if (scan.labelsCsv) paths.add(path.resolve(scan.labelsCsv));
  if (scan.classNames)
    paths.add(path.resolve(typeof scan.classNames === 'string' ? scan.classNames : scan.classNames.file));
  for (const entry of listed.entries) {
    if (entry.member || typeof entry.open !== 'string') return undefined;
    for (let dir = path.dirname(entry.open); !paths.has(dir); dir = path.dirname(dir)) {
      paths.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  const stamps: Kept['stamps'] = [];
  for (const file of paths) {
    const stat = statOrUndefined(file);
    stamps.push([file, stat?.mtimeMs ?? -1, stat?.size ?? -1]);
  }
  return stamps;
}

function sameStamp(file: string, mtime: number, size: number): boolean {
  const stat = statOrUndefined(file);
  return (stat?.mtimeMs ?? -1) === mtime && (stat?.size ?? -1) === size;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
