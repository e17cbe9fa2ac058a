import type { DatasetReport } from '../core/engine/report';
import type { GateResult } from '../core/gate/gateRules';

/** Findings listed per failing rule on the terminal; the SARIF and HTML outputs hold them all. */
const LISTED_PER_RULE = 50;

/** What `dataset-lens check` prints: one PASS/FAIL line per rule, then the failing findings, then the verdict. */
export function formatGate(report: DatasetReport, result: GateResult): string {
  const out = [`Dataset Lens check — ${report.root}: ${report.files} image files, ${report.images} decoded`];
  for (const rule of result.rules) {
    const failure = result.failures.find((f) => f.rule === rule);
    if (!failure) {
      out.push(`PASS ${rule}`);
      continue;
    }
    out.push(`FAIL ${rule}: ${failure.summary}`);
    for (const finding of failure.findings.slice(0, LISTED_PER_RULE))
      out.push(`  ${finding.file}: ${finding.message}`);
    if (failure.findings.length > LISTED_PER_RULE)
      out.push(`  ... and ${failure.findings.length - LISTED_PER_RULE} more (--sarif or --html list all)`);
  }
  const failed = result.failures.length;
  out.push(
    failed
      ? `FAIL: ${failed} of ${result.rules.length} rule(s) failed`
      : `PASS: ${result.rules.length} rule(s) hold`,
  );
  return out.join('\n') + '\n';
}
