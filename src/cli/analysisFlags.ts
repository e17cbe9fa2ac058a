import { InvalidArgumentError, type Command } from 'commander';
import type { AnalyzeOptions } from '../core/engine/analyzeOptions';
import type { QualityThresholds } from '../core/quality/qualityOptions';
import { defaultCacheDir } from './cacheDir';
import { CLASS_NAMES, FOLLOW_EXTERNAL_LINKS, integerOption } from './options';

/** The flags of every command that analyses a dataset (analyze, check): one definition, one meaning. */
export interface AnalysisFlags {
  labels?: string;
  classNames?: string;
  followExternalLinks?: boolean;
  sample?: number;
  seed: number;
  workers?: number;
  maxPixels?: number;
  cache: boolean;
  cacheDir?: string;
  quality?: Partial<QualityThresholds>;
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

export function addAnalysisOptions(command: Command): Command {
  return command
    .option(
      '--labels <csv>',
      'labels from a file,label[,split] CSV (header optional) instead of folder names',
    )
    .option(...CLASS_NAMES)
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
    .option('--cache-dir <dir>', `per-image cache folder (default ${defaultCacheDir()})`);
}

export function analysisOptions(flags: AnalysisFlags): AnalyzeOptions {
  return {
    labelsCsv: flags.labels,
    classNames: flags.classNames,
    followExternalLinks: flags.followExternalLinks,
    sample: flags.sample,
    seed: flags.seed,
    workers: flags.workers,
    maxPixels: flags.maxPixels,
    quality: flags.quality,
    cacheDir: flags.cache ? (flags.cacheDir ?? defaultCacheDir()) : undefined,
  };
}
