import Table from 'cli-table3';
import type { LabelPair, LabelSafetyReport } from '../core/probe/probeTypes';

/** No ANSI colours: the summary is often piped or logged. */
const PLAIN = { head: [], border: [] };

/** Files left out named one per line up to this many; --json lists them all. */
const SHOWN_FAILURES = 20;

/** The human-readable label-safety summary (`probe` without --json, and the end of `analyze --pipeline`). */
export function formatLabelSafety(report: LabelSafetyReport): string {
  const out: string[] = [];
  if (report.mode === 'probe' && report.sample) {
    const s = report.sample;
    const accuracy =
      report.cleanAccuracy === null
        ? 'no model'
        : `null model's clean held-out accuracy ${report.cleanAccuracy.toFixed(2)} (judging needs ${report.judgeableThreshold?.toFixed(2)})`;
    out.push(
      `Label safety (measured on ${s.train} train / ${s.heldOut} held-out images per round, up to ${s.rounds} rounds, ` +
        `${s.classes.length} classes, ${s.channels === 1 ? 'grey' : 'RGB'}, seed ${s.seed}, tfjs ${report.backend ?? '-'}): ${accuracy}`,
    );
    if (report.features) out.push(`Features: ${report.features.detail} (${report.features.reason})`);
    if (!report.judgeable)
      out.push('The probe model cannot judge this data: verdicts come from the rules only.');
  } else {
    out.push('Label safety (rules from class names and image look; `dataset-lens probe` measures)');
  }
  const table = new Table({
    head: ['#', 'transform', 'verdict', 'measured', 'rules', 'cost (95% interval)', 'p', 'pairs'],
    style: PLAIN,
  });
  for (const t of report.transforms) {
    const m = t.measured;
    table.push([
      t.index,
      t.name,
      t.verdict === 'safe' ? 'safe' : t.verdict.toUpperCase(),
      t.measuredVerdict ?? '-',
      t.ruleVerdict + (t.overruled.length ? ' (overruled)' : ''),
      m ? `${signed(m.cost)} (${signed(m.interval[0])}..${signed(m.interval[1])})` : '-',
      m ? formatP(m.test.pValue) : '-',
      pairText(t.pairs) || '-',
    ]);
  }
  out.push(table.toString());
  const flagged = report.transforms.filter((t) => t.verdict !== 'safe' || t.overruled.length);
  if (flagged.length) {
    out.push('Why:');
    for (const t of flagged) for (const reason of t.reasons) out.push(`  [${t.index}] ${t.name}: ${reason}`);
  }
  for (const warning of report.warnings.slice(0, 10)) out.push(`warning: ${warning}`);
  if (report.warnings.length > 10) out.push(`(${report.warnings.length - 10} more warnings in --json)`);
  const failures = report.failures ?? [];
  for (const f of failures.slice(0, SHOWN_FAILURES))
    out.push(`left out: ${JSON.stringify(f.file)}: ${f.message.replace(/\s*\n\s*/g, ' ')}`);
  if (failures.length > SHOWN_FAILURES)
    out.push(`(${failures.length - SHOWN_FAILURES} more files left out: "failures" in --json)`);
  return out.join('\n');
}

/** Each pair once ("6↔9" for both directions), measured growth in points where known. */
function pairText(pairs: readonly LabelPair[]): string {
  const shown: string[] = [];
  const done = new Set<string>();
  for (const p of pairs) {
    if (done.has(`${p.from}\u0000${p.to}`)) continue;
    const back = pairs.find((q) => q.from === p.to && q.to === p.from);
    done.add(`${p.from}\u0000${p.to}`).add(`${p.to}\u0000${p.from}`);
    const growth = p.source === 'rule' ? '' : ` +${Math.round(Math.max(0, p.rate ?? 0) * 100)}%`;
    shown.push(
      `${p.from}${back ? '↔' : '→'}${p.to}${growth}${p.source === 'measured' ? '' : ` (${p.source})`}`,
    );
  }
  return shown.slice(0, 3).join(', ') + (shown.length > 3 ? ', ...' : '');
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(0) : p.toFixed(3);
}
