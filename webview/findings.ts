import type { DatasetReport } from '../src/core/engine/report';
import { findingRows, type FindingRow } from '../src/protocol/findingRows';
import { issueKindLabel } from '../src/protocol/labels';

/** Files that could not be read or labelled: listed first, before any finding about pixels. */
export const ERROR_KINDS = [
  'corrupt',
  'unreadable',
  'unsupported',
  'too_large',
  'missing',
  'unlistable',
  'unusable_label',
];
/** Shown as groups too, leakage (the most consequential) first. */
export const GROUP_KINDS = ['leakage', 'exact_duplicate', 'near_duplicate'];

export { findingRows, type FindingRow } from '../src/protocol/findingRows';

export type SortKey = 'severity' | 'kind' | 'class' | 'split' | 'file';

/** Paths in code-unit order (stable, locale-free; the report lists names the same way for ASCII names). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rank of a kind among equals: unreadable files, leakage, per-image findings, then duplicates. */
function kindRank(kind: string): number {
  if (ERROR_KINDS.includes(kind)) return 0;
  if (kind === 'leakage') return 1;
  if (kind === 'exact_duplicate') return 3;
  if (kind === 'near_duplicate') return 4;
  return 2;
}

function byKind(a: FindingRow, b: FindingRow): number {
  return kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label);
}

/** A new array sorted by `key`; ties fall back to score, kind and file, so every order is stable and total. */
export function sortRows(rows: readonly FindingRow[], key: SortKey, descending: boolean): FindingRow[] {
  const primary: Record<SortKey, (a: FindingRow, b: FindingRow) => number> = {
    severity: (a, b) => a.severity - b.severity,
    kind: byKind,
    class: (a, b) => emptyLast(a.class, b.class, descending),
    split: (a, b) => emptyLast(a.split, b.split, descending),
    file: (a, b) => compareNames(a.file, b.file),
  };
  const sign = descending ? -1 : 1;
  return [...rows].sort(
    (a, b) =>
      sign * primary[key](a, b) || b.severity - a.severity || byKind(a, b) || compareNames(a.file, b.file),
  );
}

/** Names compared; rows without one (no class, no split) stay at the end whichever the direction. */
function emptyLast(a: string, b: string, descending: boolean): number {
  if (!a || !b) return (descending ? -1 : 1) * (Number(!a) - Number(!b));
  return compareNames(a, b);
}

export interface KindChip {
  kind: string;
  label: string;
  /** Files with this finding (summarised kinds: all of them, not only those listed). */
  count: number;
  /** Rows of this kind in the table. */
  listed: number;
}

/** A chip per kind found: unreadable files, leakage, per-image findings by count, then duplicates. */
export function kindChips(report: DatasetReport): KindChip[] {
  const listed = new Map<string, number>();
  for (const row of findingRows(report)) listed.set(row.kind, (listed.get(row.kind) ?? 0) + 1);
  const q = report.quality;
  const count = (kind: string) =>
    q.summarised.includes(kind as never) ? (q.counts[kind as keyof typeof q.counts] ?? 0) : listed.get(kind)!;
  return [...listed.keys()]
    .map((kind) => ({ kind, label: issueKindLabel(kind), count: count(kind), listed: listed.get(kind)! }))
    .sort((a, b) => {
      const [ra, rb] = [kindRank(a.kind), kindRank(b.kind)];
      return ra - rb || (ra === 2 ? b.count - a.count : 0) || a.label.localeCompare(b.label);
    });
}

/** What the Overview's card and the Quality tab both show: findings listed plus those summarised by count. */
export function findingTotals(report: DatasetReport): { findings: number; kinds: number } {
  const q = report.quality;
  const summarised = q.summarised.reduce((sum, kind) => sum + (q.counts[kind] ?? 0), 0);
  return { findings: report.issues.length + summarised, kinds: kindChips(report).length };
}
