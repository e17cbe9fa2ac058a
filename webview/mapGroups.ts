import type { DatasetReport } from '../src/core/engine/report';
import { findingRows } from '../src/protocol/findingRows';

/** What the content map colours its points by. */
export type MapColouring = 'class' | 'split' | 'finding';
export const MAP_COLOURINGS: readonly MapColouring[] = ['class', 'split', 'finding'];

export const NO_VALUE = '(none)';
export const NO_FINDING = 'no finding';
export const LABEL_ERROR = 'possible label error';
export const ATYPICAL = 'most atypical';

/** Each point's group (index into `names`), the groups by decreasing size, ties by name. */
export interface MapGroups {
  names: string[];
  counts: number[];
  groupOf: Int32Array;
}

/**
 * The map's points grouped by class, split or finding. A file's finding is, first found: a possible label error,
 * the label of its first finding of the Quality tab, one of the most atypical images, or none.
 */
export function mapGroups(report: DatasetReport, by: MapColouring): MapGroups {
  const points = report.content?.map?.points;
  const files = points?.file ?? [];
  let keyOf: (i: number) => string;
  if (by === 'class') keyOf = (i) => points!.class[i] ?? NO_VALUE;
  else if (by === 'split') keyOf = (i) => points!.split[i] ?? NO_VALUE;
  else {
    const finding = new Map<string, string>();
    for (const issue of report.labelIssues ?? []) finding.set(issue.file, LABEL_ERROR);
    for (const row of findingRows(report)) if (!finding.has(row.file)) finding.set(row.file, row.label);
    const outliers = report.content?.outliers;
    for (const e of [...(outliers?.overall ?? []), ...(outliers?.byClass.flatMap((c) => c.images) ?? [])])
      if (!finding.has(e.file)) finding.set(e.file, ATYPICAL);
    keyOf = (i) => finding.get(files[i]) ?? NO_FINDING;
  }
  const keys = files.map((_, i) => keyOf(i));
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const names = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a.localeCompare(b));
  const index = new Map(names.map((name, g) => [name, g]));
  return {
    names,
    counts: names.map((n) => count.get(n)!),
    groupOf: Int32Array.from(keys, (k) => index.get(k)!),
  };
}
