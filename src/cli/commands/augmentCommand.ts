import { InvalidArgumentError, type Command } from 'commander';
import { exportAugmented, type ExportProgress, type ExportSummary } from '../../core/export/exportDataset';
import { OUTPUT_FORMATS, type OutputFormat } from '../../core/export/outputFormat';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { IncompleteError, UsageError } from '../../core/util/errors';
import {
  CLASS_NAMES,
  FOLLOW_EXTERNAL_LINKS,
  integerOption,
  SHARD_COUNT_OPTION,
  SHARD_OPTION,
  SOURCE,
  sourceHelp,
} from '../options';
import { resolveShard } from '../../core/engine/shard';
import { mergeAugmentShards } from '../../core/export/augmentShards';
import { SingleBar, Presets } from 'cli-progress';
import { withCancellation } from '../cancellation';
import { jsonText } from '../jsonText';

interface AugmentFlags {
  pipeline: string;
  out: string;
  copies: number;
  balance?: boolean;
  keepOriginals?: boolean;
  seed?: number;
  format?: OutputFormat;
  quality: number;
  optimizeJpeg?: boolean;
  labels?: string;
  classNames?: string;
  followExternalLinks?: boolean;
  concurrency: number;
  workers?: number;
  maxPixels?: number;
  json?: boolean;
  shard?: string;
  shardCount?: number;
}

export function registerAugmentCommand(program: Command): void {
  program
    .command('augment')
    .description(
      'Write an augmented copy of a dataset (same layout), with a manifest of every sampled parameter',
    )
    .argument(SOURCE, sourceHelp(' (never written to)'))
    .requiredOption('--pipeline <file>', 'augmentation pipeline JSON')
    .requiredOption('--out <dir>', 'output folder: new, empty, or an earlier export to resume')
    .option('--copies <n>', 'augmented copies per image', integerOption('--copies', 1, 1000), 1)
    .option('--balance', 'oversample smaller classes to the size of the largest (per split)')
    .option('--keep-originals', 'write each source unaugmented too (default: only the augmented copies)')
    .option('--seed <s>', "seed (default: the pipeline's)", integerOption('--seed', 0, 0x7fffffff))
    .option(
      '--format <fmt>',
      `output format: ${OUTPUT_FORMATS.join('|')} (default: same as each source)`,
      formatOption,
    )
    .option('--quality <q>', 'JPEG / WebP quality', integerOption('--quality', 1, 100), 90)
    .option(
      '--optimize-jpeg',
      "JPEG: Huffman tables per image, smaller files with the same pixels, more CPU (default: PIL's plain coding)",
    )
    .option('--labels <csv>', 'labels from a file,label[,split] CSV instead of folder names')
    .option(...CLASS_NAMES)
    .option(...FOLLOW_EXTERNAL_LINKS)
    .option(
      '--concurrency <n>',
      'images in flight when --workers is 0',
      integerOption('--concurrency', 1, 64),
      4,
    )
    .option(
      '--workers <n>',
      'worker processes (0 = in this process; default: one per core, at most 8)',
      integerOption('--workers', 0, 64),
    )
    .option(
      '--max-pixels <n>',
      'refuse images (and output sizes) larger than this many pixels',
      integerOption('--max-pixels', 1),
    )
    .option('--json', 'print the summary as JSON on stdout')
    .option(...SHARD_OPTION)
    .option(...SHARD_COUNT_OPTION)
    .action(async (dir: string, flags: AugmentFlags) => {
      if (flags.shardCount !== undefined && !flags.shard)
        throw new UsageError('--shard-count goes with --shard auto');
      const shard = flags.shard ? resolveShard(flags.shard, flags.shardCount) : undefined;
      const pipeline = loadPipelineFile(flags.pipeline);
      const progress = exportProgressBar();
      try {
        const summary = await withCancellation((signal) =>
          exportAugmented(
            dir,
            pipeline,
            {
              out: flags.out,
              copies: flags.copies,
              balance: flags.balance,
              keepOriginals: flags.keepOriginals,
              seed: flags.seed,
              format: flags.format,
              quality: flags.quality,
              optimizeJpeg: flags.optimizeJpeg,
              labelsCsv: flags.labels,
              classNames: flags.classNames,
              followExternalLinks: flags.followExternalLinks,
              concurrency: flags.concurrency,
              workers: flags.workers,
              maxPixels: flags.maxPixels,
              shard,
            },
            {
              signal,
              onProgress: (p) => progress.update(p),
              onWarning: (message) => process.stderr.write(`dataset-lens: warning: ${message}\n`),
            },
          ),
        );
        progress.stop();
        process.stdout.write(flags.json ? jsonText(summary) + '\n' : formatSummary(summary));
        if (summary.failed.length > 0) throw new IncompleteError(failureLine(summary));
      } finally {
        progress.stop();
      }
    });
}

/** "2 of 4 output(s) failed (1 of 2 source(s)); see ...": the exit-3 line. */
function failureLine(s: ExportSummary): string {
  const failedOutputs = s.outputs - s.written - s.skipped;
  return (
    `${failedOutputs} of ${s.outputs} output(s) failed (${s.failed.length} of ${s.sources} source(s)); ` +
    `see "failures" in ${s.manifest}`
  );
}

export function registerAugmentMergeCommand(program: Command): void {
  program
    .command('augment-merge')
    .description('Write the manifest of an export made by `augment --shard` once every shard has finished')
    .argument('<out>', 'the --out folder the shards wrote to')
    .action((out: string) => {
      const merged = mergeAugmentShards(out);
      process.stdout.write(
        `Manifest: ${merged.manifest} (${merged.outputs} output(s), ${merged.failures} failed source(s))\n`,
      );
      if (merged.failures > 0)
        throw new IncompleteError(
          `${merged.failures} source(s) failed; see "failures" in ${merged.manifest}`,
        );
    });
}

function formatOption(value: string): OutputFormat {
  const normalised = value.toLowerCase() === 'jpg' ? 'jpeg' : value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(normalised)) {
    throw new InvalidArgumentError(
      `Expected one of ${OUTPUT_FORMATS.join(', ')} for --format but received "${value}"`,
    );
  }
  return normalised as OutputFormat;
}

function formatSummary(s: ExportSummary): string {
  const lines = [
    `Wrote ${s.written} file(s) to ${s.out} in ${s.seconds} s (${s.writtenPerSecond}/s)` +
      (s.skipped ? `; ${s.skipped} already done` : '') +
      (s.failed.length ? `; ${s.failed.length} source(s) failed` : ''),
    `${s.shard ? 'Manifest part' : 'Manifest'}: ${s.manifest} (seed ${s.seed})`,
    `Per class (sources -> augmented outputs, copies per image${s.classes.some((c) => c.originals) ? ', + originals' : '; originals not written, --keep-originals adds them'}):`,
    ...s.classes.map((c) => {
      const copies =
        c.copiesPerImage[0] === c.copiesPerImage[1] ? `${c.copiesPerImage[0]}` : c.copiesPerImage.join('-');
      const originals = c.originals ? ` + ${c.originals} originals = ${c.outputs + c.originals}` : '';
      return `  ${c.split ? `${c.split}/` : ''}${c.className || '(no class)'}: ${c.sources} -> ${c.outputs} (x${copies})${originals}`;
    }),
    ...s.failed.slice(0, 20).map((f) => `  failed: ${f.file}: ${f.message}`),
  ];
  return lines.join('\n') + '\n';
}

/** A bar on stderr when it is a terminal, silent otherwise (stdout stays clean for --json). */
function exportProgressBar(): { update(p: ExportProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'augmenting [{bar}] {value}/{total} | {eta_formatted} left',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(Math.max(p.total, 1), p.done);
      started = true;
      bar.update(p.done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
