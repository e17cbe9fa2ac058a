import { Command, CommanderError } from 'commander';
import { CancelledError, IncompleteError, UsageError, messageOf } from '../core/util/errors';
import { exitCodeForSignal } from '../core/util/stopSignals';
import { registerAnalyzeCommand } from './commands/analyzeCommand';
import { registerMergeCommand } from './commands/mergeCommand';
import { registerPreviewCommand } from './commands/previewCommand';
import { registerAugmentCommand, registerAugmentMergeCommand } from './commands/augmentCommand';
import { registerExportCodeCommand } from './commands/exportCodeCommand';
import { registerProbeCommand } from './commands/probeCommand';
import { registerSimilarCommand } from './commands/similarCommand';
import { GateFailedError, registerCheckCommand } from './commands/checkCommand';

/** Exit codes: a contract for scripts and CI. */
const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_USAGE = 2;
const EXIT_INCOMPLETE = 3;
/** `check`: the data failed a rule (the failing findings are on stdout). */
const EXIT_GATE_FAILED = 1;
/** Cancelled by a signal: exitCodeForSignal (SIGINT 130, SIGTERM 143, SIGHUP 129); otherwise as by Ctrl-C. */
const EXIT_CANCELLED = exitCodeForSignal('SIGINT');

export function buildProgram(): Command {
  const program = new Command('dataset-lens')
    .description(
      'Inspect and augment image datasets: classes, imbalance, exact normalization statistics, quality.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerAnalyzeCommand(program);
  registerMergeCommand(program);
  registerPreviewCommand(program);
  registerAugmentCommand(program);
  registerAugmentMergeCommand(program);
  registerExportCodeCommand(program);
  registerProbeCommand(program);
  registerCheckCommand(program);
  registerSimilarCommand(program);
  return program;
}

/**
 * stdout into a pipe whose reader has gone (`| head`, a script that stopped reading): the reader has what it
 * wanted, so the CLI stops quietly, as other command-line tools do; any other failure to write is said plainly.
 * Without this, Node reports the closed pipe as an unhandled 'error' event with a stack trace.
 */
function stopOnOutputError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(EXIT_OK);
  process.stderr.write(`dataset-lens: cannot write the output: ${error.message}\n`);
  process.exit(EXIT_INTERNAL);
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof GateFailedError) return EXIT_GATE_FAILED;
    if (error instanceof UsageError) {
      process.stderr.write(`dataset-lens: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof IncompleteError) {
      process.stderr.write(`dataset-lens: ${error.message}\n`);
      return EXIT_INCOMPLETE;
    }
    if (error instanceof CancelledError) {
      process.stderr.write(`dataset-lens: cancelled${error.signal ? ` (${error.signal})` : ''}\n`);
      return error.signal ? exitCodeForSignal(error.signal) : EXIT_CANCELLED;
    }
    process.stderr.write(
      `dataset-lens: internal error: ${messageOf(error)}\n${(error as Error)?.stack ?? ''}\n`,
    );
    return EXIT_INTERNAL;
  }
}

/** Runs the command line of this process (entry.ts calls it once this bundle has loaded). */
export function runCli(): void {
  process.stdout.on('error', stopOnOutputError);
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runCli();
