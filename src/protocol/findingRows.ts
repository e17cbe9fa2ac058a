import type { DatasetReport, FileIssue } from '../core/engine/report';
import { issueKindLabel } from './labels';

/** One finding as the Quality tab lists it and "Export list…" writes it. */
export interface FindingRow {
  file: string;
  kind: string;
  label: string;
  class: string;
  split: string;
  /** 0..1, how far past its threshold (one scale for every kind). */
  severity: number;
  /** The reason, in full. */
  reason: string;
  /** Set when the row is one of the worst examples of a kind found in most images: that kind's full count. */
  worstOf?: number;
}

/** Every finding as a row: listed issues, and the worst examples of the kinds summarised by count. */
export function findingRows(report: DatasetReport): FindingRow[] {
  const q = report.quality;
  const row = (issue: FileIssue, worstOf?: number): FindingRow => ({
    file: issue.file,
    kind: issue.kind,
    label: issueKindLabel(issue.kind),
    class: issue.class ?? '',
    split: issue.split ?? '',
    severity: issue.severity ?? 1,
    reason: issue.message,
    ...(worstOf !== undefined ? { worstOf } : {}),
  });
  return [...report.issues.map((i) => row(i)), ...(q.worst ?? []).map((i) => row(i, q.counts[i.kind] ?? 0))];
}

/**
 * The files the panel may act on: those with a finding and those on the content map (`content.map`, where any
 * image can be selected with the lasso).
 */
export function actionableFiles(report: DatasetReport): Set<string> {
  const files = new Set(findingRows(report).map((r) => r.file));
  for (const file of report.content?.map?.points.file ?? []) files.add(file);
  return files;
}

/**
 * "Export list…" of `files`: their findings' rows, and for a file without any (selected on the content map) one
 * row of kind `selected`, with its class and split from the map.
 */
export function selectionRows(report: DatasetReport, files: ReadonlySet<string>): FindingRow[] {
  const rows = findingRows(report).filter((r) => files.has(r.file));
  const found = new Set(rows.map((r) => r.file));
  const points = report.content?.map?.points;
  points?.file.forEach((file, i) => {
    if (!files.has(file) || found.has(file)) return;
    rows.push({
      file,
      kind: 'selected',
      label: 'Selected on the content map',
      class: points.class[i] ?? '',
      split: points.split[i] ?? '',
      severity: 0,
      reason: 'no finding',
    });
  });
  return rows;
}

export type FindingsListFormat = 'csv' | 'json';

const CSV_COLUMNS = ['file', 'kind', 'finding', 'class', 'split', 'score', 'reason', 'worstOf'] as const;

/**
 * The rows as a file: JSON (an array of objects) or CSV (RFC 4180: a header, fields with a comma, quote or line
 * break quoted, quotes doubled), columns as in CSV_COLUMNS.
 */
export function findingsListText(rows: readonly FindingRow[], format: FindingsListFormat): string {
  const records = rows.map((r) => ({
    file: r.file,
    kind: r.kind,
    finding: r.label,
    class: r.class,
    split: r.split,
    score: Number(r.severity.toFixed(4)),
    reason: r.reason,
    worstOf: r.worstOf ?? null,
  }));
  if (format === 'json') return JSON.stringify(records, null, 2) + '\n';
  const field = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => field(r[c])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
