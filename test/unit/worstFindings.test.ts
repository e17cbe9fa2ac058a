import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GateResult } from '../../src/core/gate/gateRules';
import { worstFindings } from '../../src/core/gate/htmlReport';
import type { DatasetReport, FileIssue } from '../../src/core/engine/report';

const issue = (file: string, kind: FileIssue['kind'], severity?: number): FileIssue => ({
  file,
  kind,
  message: `${kind} ${file}`,
  ...(severity === undefined ? {} : { severity }),
});

// Report order puts the mild findings of the failing rule first: the ranking must not keep it.
const issues = [
  issue('barely-dark.png', 'dark', 0.05),
  issue('black.png', 'dark', 1),
  issue('very-blurry.png', 'blurry', 0.9),
  issue('unreadable.png', 'corrupt'),
  issue('half-dark.png', 'dark', 0.5),
  issue('slightly-blurry.png', 'blurry', 0.2),
];
const report = { issues } as unknown as DatasetReport;
const failingDark: GateResult = {
  passed: false,
  rules: ['dark'],
  failures: [
    { rule: 'dark', count: 3, summary: '3 file(s)', findings: issues.filter((i) => i.kind === 'dark') },
  ],
};

test('the HTML report ranks its worst findings by severity, not by rule', () => {
  assert.deepEqual(
    worstFindings(report, failingDark).map((i) => i.file),
    // Severity 1 first (a finding without a degree, such as an unreadable file, counts as 1); at equal severity
    // the failing rule's finding comes first; then 0.9, 0.5, 0.2, 0.05.
    [
      'black.png',
      'unreadable.png',
      'very-blurry.png',
      'half-dark.png',
      'slightly-blurry.png',
      'barely-dark.png',
    ],
  );
});

test('the worst findings are at most 24, the most severe kept', () => {
  const many = Array.from({ length: 30 }, (_, k) => issue(`${k}.png`, 'blurry', k / 30));
  const worst = worstFindings({ issues: many } as unknown as DatasetReport, {
    passed: true,
    rules: [],
    failures: [],
  });
  assert.equal(worst.length, 24);
  assert.equal(worst[0].file, '29.png');
  assert.equal(worst[23].file, '6.png');
});
