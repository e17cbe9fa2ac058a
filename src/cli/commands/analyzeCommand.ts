import type { Command } from 'commander';
import { analyzeDataset } from '../../core/engine/analyzeDataset';
import { formatReport } from '../formatReport';
import { integerOption } from '../options';
import { createProgressReporter } from '../progressBar';
import { withCancellation } from '../cancellation';

interface AnalyzeFlags {
  json?: boolean;
  labels?: string;
  sample?: number;
  seed: number;
  workers?: number;
  maxPixels?: number;
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Analyse an image folder (ImageFolder class/img, split/class/img, CSV labels, or flat)')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)')
    .option('--labels <csv>', 'labels from a file,label[,split] CSV (header optional) instead of folder names')
    .option('--sample <n>', 'analyse a seeded random sample of n files', integerOption('--sample', 1))
    .option('--seed <s>', 'seed for --sample', integerOption('--seed', 0), 0)
    .option('--workers <n>', 'worker processes (0 = in this process)', integerOption('--workers', 0))
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', integerOption('--max-pixels', 1))
    .action(async (dir: string, flags: AnalyzeFlags) => {
      const progress = createProgressReporter('analyzing');
      try {
        const report = await withCancellation((signal) =>
          analyzeDataset(
            dir,
            { labelsCsv: flags.labels, sample: flags.sample, seed: flags.seed, workers: flags.workers, maxPixels: flags.maxPixels },
            { signal, onProgress: (p) => progress.update(p) },
          ),
        );
        progress.stop();
        process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report) + '\n');
      } finally {
        progress.stop();
      }
    });
}
