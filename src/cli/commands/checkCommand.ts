import { InvalidArgumentError, type Command } from 'commander';
import { SOURCE, sourceHelp } from '../options';
import { analyzeDataset } from '../../core/engine/analyzeDataset';
import { DEFAULT_FAIL_ON, evaluateGate, GATE_KINDS, parseFailOn } from '../../core/gate/gateRules';
import type { IssueKind } from '../../core/engine/report';
import { addAnalysisOptions, analysisOptions, type AnalysisFlags } from '../analysisFlags';
import { withCancellation } from '../cancellation';
import { formatGate } from '../formatGate';
import { createProgressReporter } from '../progressBar';
import { sarifLog } from '../../core/gate/sarifReport';
import { htmlReport, worstFindings } from '../../core/gate/htmlReport';
import { findingThumbnails } from '../../core/gate/findingThumbnails';
import { writeOutput } from '../writeOutput';

/** Thrown when the data fails a rule: main turns it into exit code 1 (the report is already printed). */
export class GateFailedError extends Error {
  override readonly name = 'GateFailedError';
}

interface CheckFlags extends AnalysisFlags {
  failOn: IssueKind[];
  maxImbalance?: number;
  sarif?: string;
  html?: string;
}

function failOnFlag(value: string): IssueKind[] {
  try {
    return parseFailOn(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function ratioFlag(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 1)
    throw new InvalidArgumentError(`Expected a number >= 1 for --max-imbalance but received "${value}"`);
  return n;
}

export function registerCheckCommand(program: Command): void {
  const command = program
    .command('check')
    .description('A CI gate: analyse a dataset and exit 1 when it fails a rule (0 when it passes)')
    .argument(SOURCE, sourceHelp())
    .option(
      '--fail-on <kinds>',
      `finding kinds that fail the check, comma-separated, or none (${GATE_KINDS.join(', ')})`,
      failOnFlag,
      [...DEFAULT_FAIL_ON],
    )
    .option('--max-imbalance <ratio>', 'fail when largest/smallest class count exceeds this', ratioFlag)
    .option('--html <file>', 'also write one self-contained HTML report (charts, thumbnails; no requests)')
    .option('--sarif <file>', 'also write the findings as a SARIF 2.1.0 log (code-scanning UIs)');
  addAnalysisOptions(command).action(async (dir: string, flags: CheckFlags) => {
    const progress = createProgressReporter('checking');
    try {
      const report = await withCancellation((signal) =>
        analyzeDataset(dir, analysisOptions(flags), { signal, onProgress: (p) => progress.update(p) }),
      );
      progress.stop();
      const result = evaluateGate(report, { failOn: flags.failOn, maxImbalance: flags.maxImbalance });
      process.stdout.write(formatGate(report, result));
      if (flags.sarif)
        writeOutput('--sarif', flags.sarif, JSON.stringify(sarifLog(report, result, process.cwd()), null, 1));
      if (flags.html) {
        const thumbnails = await findingThumbnails(dir, report, worstFindings(report, result));
        writeOutput('--html', flags.html, htmlReport(report, result, thumbnails));
      }
      if (!result.passed) throw new GateFailedError(`${result.failures.length} rule(s) failed`);
    } finally {
      progress.stop();
    }
  });
}
