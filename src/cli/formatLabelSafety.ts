import Table from 'cli-table3';
import type { LabelSafetyReport, PairRate } from '../core/probe/probeTypes';

/** No ANSI colours: the summary is often piped or logged. */
const PLAIN = { head: [], border: [] };

/** The human-readable label-safety summary (`probe` without --json, and the end of `analyze --pipeline`). */
export function formatLabelSafety(report: LabelSafetyReport): string {
  const out: string[] = [];
  if (report.mode === 'probe' && report.sample) {
    const s = report.sample;
    const accuracy =
      report.cleanAccuracy === null
        ? 'no model'
        : `clean held-out accuracy ${report.cleanAccuracy.toFixed(2)} (judging needs ${report.judgeableThreshold?.toFixed(2)})`;
    out.push(
      `Label safety (measured on ${s.train} train / ${s.heldOut} held-out images, ${s.classes.length} classes, ` +
        `${s.channels === 1 ? 'grey' : 'RGB'}, seed ${s.seed}, tfjs ${report.backend ?? '-'}): ${accuracy}`,
    );
    if (!report.judgeable)
      out.push('The probe model cannot judge this data: verdicts come from the rules only.');
  } else {
    out.push('Label safety (rules from class names and image look; `dataset-lens probe` measures)');
  }
  const table = new Table({
    head: ['#', 'transform', 'verdict', 'measured', 'rules', 'acc drop', 'label changes'],
    style: PLAIN,
  });
  const unlike = (p: PairRate) =>
    p.distanceRatio !== undefined && p.distanceRatio > report.thresholds.maxDistanceRatio;
  for (const t of report.transforms) {
    const changes = t.pairs
      .slice(0, 3)
      .map((p) => `${p.from}→${p.to} ${Math.round(p.rate * 100)}%${unlike(p) ? '?' : ''}`)
      .join(', ');
    table.push([
      t.index,
      t.name,
      t.verdict === 'safe' ? 'safe' : t.verdict.toUpperCase(),
      t.measuredVerdict ?? '-',
      t.ruleVerdict,
      t.accuracyDrop === null ? '-' : t.accuracyDrop.toFixed(2),
      changes || '-',
    ]);
  }
  out.push(table.toString());
  if (report.transforms.some((t) => t.pairs.some(unlike)))
    out.push('? = the moved images look unlike real members of the target class: destroyed, not swapped');
  const flagged = report.transforms.filter((t) => t.verdict !== 'safe');
  if (flagged.length) {
    out.push('Why:');
    for (const t of flagged) for (const reason of t.reasons) out.push(`  [${t.index}] ${t.name}: ${reason}`);
  }
  for (const warning of report.warnings.slice(0, 10)) out.push(`warning: ${warning}`);
  if (report.warnings.length > 10) out.push(`(${report.warnings.length - 10} more warnings in --json)`);
  return out.join('\n');
}
