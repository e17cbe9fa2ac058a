import { planScan } from '../scan/scanDataset';
import type { FileEntry, ScanOptions, ScanPlan } from '../scan/scanPlan';
import { emptyCounters } from '../scan/walk';
import { throwIfAborted } from '../util/errors';

/** A dataset listed in full: the plan (layout, root) and every image entry in the scan's stable order. */
export interface ListedDataset {
  plan: ScanPlan;
  entries: FileEntry[];
  /** Paths the scan found but could not list (longer than PATH_MAX, a folder that cannot be read). */
  unlistable: { file: string; message: string }[];
}

/** Lists every image of `root` through the shared scanner (same layouts, labels and order as analyze). */
export async function listDataset(
  root: string,
  options: Pick<ScanOptions, 'labelsCsv' | 'classNames' | 'followExternalLinks'> & {
    signal?: AbortSignal;
  } = {},
): Promise<ListedDataset> {
  const plan = await planScan(root, {
    labelsCsv: options.labelsCsv,
    classNames: options.classNames,
    followExternalLinks: options.followExternalLinks,
  });
  const entries: FileEntry[] = [];
  const counters = emptyCounters();
  for await (const entry of plan.entries(counters)) {
    throwIfAborted(options.signal);
    // A container is never held whole: members are listed without their bytes (see withMemberContents).
    delete entry.content;
    entries.push(entry);
  }
  return { plan, entries, unlistable: counters.unlistable };
}

/** The class key of an entry: its label, or "" when the layout has none (flat folders, unlabelled CSV rows). */
export function classOf(entry: FileEntry): string {
  return entry.label ?? '';
}

/** Entries grouped by class, classes sorted as Keras and torchvision's ImageFolder sort them. */
export function groupByClass(entries: readonly FileEntry[]): Map<string, FileEntry[]> {
  const groups = new Map<string, FileEntry[]>();
  for (const entry of entries) {
    const key = classOf(entry);
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
