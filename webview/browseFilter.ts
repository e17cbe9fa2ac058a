import type { BrowseIndex } from '../src/core/browse/browseIndex';
import type { DatasetReport } from '../src/core/engine/report';

/** The Browse tab's filters: '' = any. `finding`: a kind, ANY_FINDING, or NO_FINDING. `size`: "WxH" or UNKNOWN_SIZE. */
export interface BrowseFilter {
  className: string;
  split: string;
  size: string;
  finding: string;
}

export const ANY_FINDING = '*';
export const NO_FINDING = '-';
export const UNKNOWN_SIZE = '?';
export const NO_FILTER: BrowseFilter = { className: '', split: '', size: '', finding: '' };

/** The kinds of finding the report lists for each file. */
export function findingsByFile(report: DatasetReport | null): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const issue of report?.issues ?? []) {
    const kinds = byFile.get(issue.file);
    if (!kinds) byFile.set(issue.file, [issue.kind]);
    else if (!kinds.includes(issue.kind)) kinds.push(issue.kind);
  }
  return byFile;
}

export const sizeKey = (index: BrowseIndex, i: number): string =>
  index.width[i] ? `${index.width[i]}x${index.height[i]}` : UNKNOWN_SIZE;

/** The positions in `index` of the files that pass `filter`, in listing order. */
export function filterIndex(
  index: BrowseIndex,
  findings: ReadonlyMap<string, readonly string[]>,
  filter: BrowseFilter,
): number[] {
  const classId = filter.className ? index.classes.indexOf(filter.className) : -2;
  const splitId = filter.split ? index.splits.indexOf(filter.split) : -2;
  // A class or split the listing lacks (a filter kept from before a re-analysis) matches nothing, not unlabelled files.
  if (classId === -1 || splitId === -1) return [];
  const out: number[] = [];
  for (let i = 0; i < index.files.length; i++) {
    if (classId !== -2 && index.classOf[i] !== classId) continue;
    if (splitId !== -2 && index.splitOf[i] !== splitId) continue;
    if (filter.size && sizeKey(index, i) !== filter.size) continue;
    if (filter.finding) {
      const kinds = findings.get(index.files[i]);
      if (
        filter.finding === ANY_FINDING
          ? !kinds
          : filter.finding === NO_FINDING
            ? kinds
            : !kinds?.includes(filter.finding)
      )
        continue;
    }
    out.push(i);
  }
  return out;
}

/** The pixel sizes present, most frequent first (ties by name), each with its count. */
export function sizeOptions(index: BrowseIndex): { size: string; count: number }[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < index.files.length; i++) {
    const key = sizeKey(index, i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([size, count]) => ({ size, count }))
    .sort((a, b) => b.count - a.count || (a.size < b.size ? -1 : 1));
}
