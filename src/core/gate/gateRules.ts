import type { DatasetReport, FileIssue, IssueKind } from '../engine/report';
import { QUALITY_KINDS, type QualityKind } from '../quality/qualityKinds';
import { UsageError } from '../util/errors';

/** Every kind of finding `check --fail-on` can name. */
export const GATE_KINDS: readonly IssueKind[] = [
  'corrupt',
  'unreadable',
  'unsupported',
  'too_large',
  'missing',
  'unlistable',
  'unusable_label',
  ...QUALITY_KINDS,
];

/**
 * Findings that make a dataset unfit to train or evaluate on, whoever uses it: a test split that holds training
 * pictures (leakage), and files a loader would crash on or silently drop (corrupt, unreadable, missing). The
 * matters of taste (dark, blurry, duplicates within a split, imbalance) are the user's to opt into.
 */
export const DEFAULT_FAIL_ON: readonly IssueKind[] = ['leakage', 'corrupt', 'unreadable', 'missing'];

export interface GateOptions {
  failOn: readonly IssueKind[];
  /** Largest allowed largest/smallest class ratio; undefined: imbalance is not a rule. */
  maxImbalance?: number;
}

export interface GateFailure {
  rule: IssueKind | 'imbalance';
  /** Images with the finding (for quality kinds, including those only counted because they were summarised). */
  count: number;
  summary: string;
  /** The findings as listed in the report, in its order (may be fewer than count: see `summary`). */
  findings: FileIssue[];
}

export interface GateResult {
  passed: boolean;
  failures: GateFailure[];
  /** The rules that were applied, in the order given. */
  rules: (IssueKind | 'imbalance')[];
}

/** "leakage,corrupt" → kinds; "none" → no kind rules. Unknown names are a UsageError naming them. */
export function parseFailOn(text: string): IssueKind[] {
  if (text.trim() === 'none') return [];
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(GATE_KINDS as readonly string[]).includes(n));
  if (unknown.length || names.length === 0)
    throw new UsageError(
      `Expected a comma-separated list of ${GATE_KINDS.join(', ')} (or none) for --fail-on but received ` +
        `${JSON.stringify(text)}${unknown.length ? ` (unknown: ${unknown.map((u) => JSON.stringify(u)).join(', ')})` : ''}`,
    );
  return [...new Set(names as IssueKind[])];
}

/** Applies the gate's rules to a finished report. */
export function evaluateGate(report: DatasetReport, options: GateOptions): GateResult {
  const failures: GateFailure[] = [];
  for (const kind of options.failOn) {
    const findings = report.issues.filter((issue) => issue.kind === kind);
    const count = isQualityKind(kind) ? report.quality.counts[kind] : findings.length;
    if (count === 0) continue;
    const listed = findings.length < count ? ` (${findings.length} listed: the kind is summarised)` : '';
    failures.push({ rule: kind, count, summary: `${count} file(s)${listed}`, findings });
  }
  const ratio = report.imbalance?.ratio;
  if (options.maxImbalance !== undefined && ratio != null && ratio > options.maxImbalance) {
    const { largest, smallest } = report.imbalance ?? {};
    failures.push({
      rule: 'imbalance',
      count: 1,
      summary:
        `ratio ${ratio.toFixed(2)} > ${options.maxImbalance} ` +
        `(${largest?.name} ${largest?.count} vs ${smallest?.name} ${smallest?.count}, ${report.imbalance?.basis})`,
      findings: [],
    });
  }
  const rules: GateResult['rules'] = [...options.failOn];
  if (options.maxImbalance !== undefined) rules.push('imbalance');
  return { passed: failures.length === 0, failures, rules };
}

function isQualityKind(kind: IssueKind): kind is QualityKind {
  return (QUALITY_KINDS as readonly string[]).includes(kind);
}
