import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../core/util/errors';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { analyzeLabelSafety, checkLabelSafetyFlags } from '../analyzeLabelSafety';
import { formatLabelSafety } from '../formatLabelSafety';
import { analyzeDataset, analyzeDatasetJson, type AnalyzeOptions } from '../../core/engine/analyzeDataset';
import { parseShard, type ShardSpec } from '../../core/engine/shard';
import type { QualityThresholds } from '../../core/quality/qualityOptions';
import { defaultCacheDir } from '../cacheDir';
import { compactJson, jsonText } from '../jsonText';
import { withCancellation } from '../cancellation';
import { formatReport } from '../formatReport';
import { FOLLOW_EXTERNAL_LINKS, integerOption } from '../options';
import { createProgressReporter } from '../progressBar';

interface AnalyzeFlags {
  json?: boolean;
  labels?: string;
  followExternalLinks?: boolean;
  sample?: number;
  seed: number;
  workers?: number;
  maxPixels?: number;
  cache: boolean;
  cacheDir?: string;
  quality?: Partial<QualityThresholds>;
  shard?: ShardSpec;
  out?: string;
  pipeline?: string;
  probe?: boolean;
}

/** "dark=0.3,blurry=0.15" → { dark: 0.3, blurry: 0.15 } (names and ranges are checked by the engine). */
function qualityFlag(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const out = { ...previous };
  for (const pair of value.split(',')) {
    const [name, raw] = pair.split('=');
    const n = Number(raw);
    if (!name || raw === undefined || !Number.isFinite(n))
      throw new InvalidArgumentError(`Expected name=number pairs for --quality but received "${value}"`);
    out[name.trim()] = n;
  }
  return out;
}

function shardFlag(value: string): ShardSpec {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Analyse an image folder (ImageFolder class/img, split/class/img, CSV labels, or flat)')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)')
    .option(
      '--labels <csv>',
      'labels from a file,label[,split] CSV (header optional) instead of folder names',
    )
    .option(...FOLLOW_EXTERNAL_LINKS)
    .option('--sample <n>', 'analyse a seeded random sample of n files', integerOption('--sample', 1))
    .option('--seed <s>', 'seed for --sample', integerOption('--seed', 0), 0)
    .option('--workers <n>', 'worker processes (0 = in this process)', integerOption('--workers', 0, 64))
    .option(
      '--max-pixels <n>',
      'refuse images larger than this many pixels',
      integerOption('--max-pixels', 1),
    )
    .option(
      '--quality <name=value,...>',
      'quality thresholds, e.g. dark=0.3,blurry=0.15,nearDuplicateDistance=6',
      qualityFlag,
    )
    .option('--no-cache', 'decode every image again (ignore and do not write the per-image cache)')
    .option('--cache-dir <dir>', `per-image cache folder (default ${defaultCacheDir()})`)
    .option(
      '--shard <i/n>',
      'analyse only shard i of n and write a partial for `dataset-lens merge` (needs --out)',
      shardFlag,
    )
    .option('--out <file>', 'where --shard writes its partial result')
    .option('--pipeline <file>', 'warn about pipeline transforms that change what labels mean (rules)')
    .option('--probe', 'with --pipeline: measure them with the probe model after the analysis (slower)')
    .action(async (dir: string, flags: AnalyzeFlags) => {
      if (flags.shard && !flags.out)
        throw new UsageError('--shard needs --out <file> for the partial result');
      checkLabelSafetyFlags(flags);
      const pipeline = flags.pipeline ? loadPipelineFile(flags.pipeline) : undefined;
      const progress = createProgressReporter('analyzing');
      const analyzeOptions: AnalyzeOptions = {
        labelsCsv: flags.labels,
        followExternalLinks: flags.followExternalLinks,
        sample: flags.sample,
        seed: flags.seed,
        workers: flags.workers,
        maxPixels: flags.maxPixels,
        quality: flags.quality,
        cacheDir: flags.cache ? (flags.cacheDir ?? defaultCacheDir()) : undefined,
        shard: flags.shard,
        partialOut: flags.out,
      };
      try {
        if (flags.json && !pipeline && compactJson()) {
          // Printed as it comes: a re-run of an unchanged folder prints the stored report's bytes.
          const pieces = await withCancellation((signal) =>
            analyzeDatasetJson(dir, analyzeOptions, { signal, onProgress: (p) => progress.update(p) }),
          );
          progress.stop();
          for (const piece of pieces) process.stdout.write(piece);
          process.stdout.write('\n');
          return;
        }
        const report = await withCancellation((signal) =>
          analyzeDataset(dir, analyzeOptions, { signal, onProgress: (p) => progress.update(p) }),
        );
        progress.stop();
        if (pipeline) report.labelSafety = await analyzeLabelSafety(dir, report, pipeline, flags);
        const safety = report.labelSafety ? '\n' + formatLabelSafety(report.labelSafety) + '\n' : '';
        process.stdout.write(flags.json ? jsonText(report) + '\n' : formatReport(report) + '\n' + safety);
      } finally {
        progress.stop();
      }
    });
}
