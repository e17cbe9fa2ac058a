import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetReport, FileIssue } from '../../src/core/engine/report';
import { QUALITY_KINDS } from '../../src/core/quality/qualityKinds';
import { ISSUE_KIND_LABELS, issueKindLabel, SKIPPED_LABELS } from '../../src/core/engine/reportLabels';
import { findingRows, findingTotals, kindChips, sortRows } from '../../webview/findings';

const issue = (file: string, kind: FileIssue['kind'], severity: number, extra: Partial<FileIssue> = {}) =>
  ({ file, kind, message: `${kind} because of a long and complete reason`, severity, ...extra }) as FileIssue;

function reportWith(
  issues: FileIssue[],
  summarised: Partial<Record<string, number>> = {},
  worst: FileIssue[] = [],
) {
  const counts = Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as Record<string, number>;
  for (const i of issues) if (i.kind in counts) counts[i.kind]++;
  Object.assign(counts, summarised);
  return {
    images: 1000,
    issues,
    quality: {
      counts,
      summarised: Object.keys(summarised),
      worst,
      duplicates: { exact: [], near: [] },
      leakage: [],
    },
  } as unknown as DatasetReport;
}

const issues = [
  issue('train/b/2.png', 'dark', 0.4, { class: 'b', split: 'train' }),
  issue('val/a/1.png', 'leakage', 1, { class: 'a', split: 'val' }),
  issue('train/a/1.png', 'leakage', 1, { class: 'a', split: 'train' }),
  issue('train/c/x.png', 'corrupt', 1, { class: 'c', split: 'train' }),
  issue('train/a/9.png', 'blurry', 0.1, { class: 'a', split: 'train' }),
  issue('train/a/3.png', 'exact_duplicate', 1, { class: 'a', split: 'train' }),
];
const worst = [
  issue('train/b/5.png', 'low_information', 0.9, { class: 'b', split: 'train' }),
  issue('train/a/4.png', 'low_information', 0.7, { class: 'a', split: 'train' }),
];
const report = reportWith(issues, { low_information: 812 }, worst);

describe('Quality tab: one table of all findings', () => {
  it('lists every kind at once, summarised kinds by their worst examples', () => {
    const rows = findingRows(report);
    assert.equal(rows.length, issues.length + worst.length);
    const low = rows.filter((r) => r.kind === 'low_information');
    assert.deepEqual(
      low.map((r) => r.file),
      ['train/b/5.png', 'train/a/4.png'],
    );
    assert.ok(low.every((r) => r.worstOf === 812));
    assert.ok(
      rows.every((r) => r.reason.endsWith('complete reason')),
      'the reason in full',
    );
  });

  it('sorts by score (most severe first), kind, class, split and file', () => {
    const rows = findingRows(report);
    const bySeverity = sortRows(rows, 'severity', true).map((r) => r.severity);
    assert.deepEqual(
      bySeverity,
      [...bySeverity].sort((a, b) => b - a),
    );
    // Among equal scores the kind order decides: unreadable files, then leakage, then duplicates.
    assert.deepEqual(
      sortRows(rows, 'severity', true)
        .slice(0, 4)
        .map((r) => r.kind),
      ['corrupt', 'leakage', 'leakage', 'exact_duplicate'],
    );
    assert.deepEqual(
      sortRows(rows, 'class', false).map((r) => r.class),
      ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'c'],
    );
    assert.deepEqual(sortRows(rows, 'split', true).map((r) => r.split)[0], 'val');
    const files = sortRows(rows, 'file', false).map((r) => r.file);
    assert.deepEqual(files, [...files].sort());
    assert.equal(sortRows(rows, 'kind', false)[0].kind, 'corrupt');
  });

  it('chips: every kind with its count, leakage before near duplicates, summarised kinds with their full count', () => {
    const chips = kindChips(report);
    assert.deepEqual(
      chips.map((c) => c.kind),
      ['corrupt', 'leakage', 'low_information', 'blurry', 'dark', 'exact_duplicate'],
    );
    const low = chips.find((c) => c.kind === 'low_information')!;
    assert.deepEqual([low.count, low.listed], [812, 2]);
  });

  it('the Overview total counts what the Quality tab lists and summarises', () => {
    assert.deepEqual(findingTotals(report), { findings: issues.length + 812, kinds: 6 });
  });
});

describe('human labels, from one table', () => {
  it('every issue kind has a label with no raw field name in it', () => {
    for (const kind of Object.keys(ISSUE_KIND_LABELS)) {
      const label = issueKindLabel(kind);
      assert.doesNotMatch(label, /_|[a-z][A-Z]/, `${kind}: ${label}`);
    }
    assert.equal(issueKindLabel('low_information'), 'Low information');
    for (const kind of QUALITY_KINDS) assert.ok(kind in ISSUE_KIND_LABELS, kind);
  });

  it('every skipped-file counter has a label', () => {
    const skipped: (keyof DatasetReport['skipped'])[] = [
      'hidden',
      'nonImage',
      'symlinkLoops',
      'outsideRoot',
      'ignoredLoose',
      'excluded',
      'unlabelled',
    ];
    for (const key of skipped) assert.doesNotMatch(SKIPPED_LABELS[key], /_|[a-z][A-Z]/, key);
  });
});
