import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { analyzeDataset } from '../core/engine/analyzeDataset';
import { CancelledError, UsageError, messageOf } from '../core/util/errors';
import { formatReport } from './formatReport';
import { createProgressReporter } from './progressBar';

/** Exit codes: a contract for scripts and CI. */
const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_USAGE = 2;
const EXIT_CANCELLED = 130;

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`Expected an integer >= ${min} for ${name} but received "${value}"`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command('dataset-lens')
    .description('Inspect and augment image datasets: classes, imbalance, exact normalization statistics, quality.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  program
    .command('analyze')
    .description('Analyse an image folder (ImageFolder class/img, split/class/img, CSV labels, or flat)')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)')
    .option('--labels <csv>', 'labels from a file,label[,split] CSV (header optional) instead of folder names')
    .option('--sample <n>', 'analyse a seeded random sample of n files', integer('--sample', 1))
    .option('--seed <s>', 'seed for --sample', integer('--seed', 0), 0)
    .option('--workers <n>', 'worker processes (0 = in this process)', integer('--workers', 0))
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', integer('--max-pixels', 1))
    .action(async (dir: string, opts: { json?: boolean; labels?: string; sample?: number; seed: number; workers?: number; maxPixels?: number }) => {
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const progress = createProgressReporter('analyzing');
      try {
        const report = await analyzeDataset(
          dir,
          { labelsCsv: opts.labels, sample: opts.sample, seed: opts.seed, workers: opts.workers, maxPixels: opts.maxPixels },
          { signal: controller.signal, onProgress: (p) => progress.update(p) },
        );
        progress.stop();
        process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report) + '\n');
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`dataset-lens: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CancelledError) {
      process.stderr.write('dataset-lens: cancelled\n');
      return EXIT_CANCELLED;
    }
    process.stderr.write(`dataset-lens: internal error: ${messageOf(error)}\n${(error as Error)?.stack ?? ''}\n`);
    return EXIT_INTERNAL;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
