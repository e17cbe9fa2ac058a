import type { Command } from 'commander';
import { UsageError } from '../../core/util/errors';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { analyzeLabelSafety, checkLabelSafetyFlags } from '../analyzeLabelSafety';
import { formatLabelSafety } from '../formatLabelSafety';
import { analyzeDataset, analyzeDatasetJson } from '../../core/engine/analyzeDataset';
import type { AnalyzeOptions } from '../../core/engine/analyzeOptions';
import { resolveShard } from '../../core/engine/shard';
import { SHARD_COUNT_OPTION, SHARD_OPTION, SOURCE, sourceHelp } from '../options';
import { addAnalysisOptions, analysisOptions, type AnalysisFlags } from '../analysisFlags';
import { compactJson, jsonText } from '../jsonText';
import { withCancellation } from '../cancellation';
import { formatReport } from '../formatReport';
import { createProgressReporter } from '../progressBar';

interface AnalyzeFlags extends AnalysisFlags {
  json?: boolean;
  shard?: string;
  shardCount?: number;
  out?: string;
  pipeline?: string;
  probe?: boolean;
  content?: boolean;
}

export function registerAnalyzeCommand(program: Command): void {
  const command = program
    .command('analyze')
    .description(
      'Analyse an image dataset: a folder (ImageFolder class/img, split/class/img, CSV labels, or flat) or containers (idx, Parquet, WebDataset)',
    )
    .argument(SOURCE, sourceHelp())
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)');
  addAnalysisOptions(command)
    .option(
      '--content',
      'also embed every image with a bundled CNN: near duplicates that survive edits and mirroring, outliers (slower)',
    )
    .option(...SHARD_OPTION)
    .option(...SHARD_COUNT_OPTION)
    .option('--out <file>', 'where --shard writes its shard part (.dlp) for merge')
    .option('--pipeline <file>', 'warn about pipeline transforms that change what labels mean (rules)')
    .option('--probe', 'with --pipeline: measure them with the probe model after the analysis (slower)')
    .action(async (dir: string, flags: AnalyzeFlags) => {
      if (flags.shardCount !== undefined && !flags.shard)
        throw new UsageError('--shard-count goes with --shard auto');
      if (flags.shard && !flags.out) throw new UsageError('--shard needs --out <file> for its shard part');
      checkLabelSafetyFlags(flags);
      const shard = flags.shard ? resolveShard(flags.shard, flags.shardCount) : undefined;
      const pipeline = flags.pipeline ? loadPipelineFile(flags.pipeline) : undefined;
      const progress = createProgressReporter('analyzing');
      // Before the progress bar starts (the workers start with the first batch): a line of its own on stderr.
      const onNotice = (message: string) => process.stderr.write(`dataset-lens: ${message}\n`);
      const analyzeOptions: AnalyzeOptions = {
        ...analysisOptions(flags),
        shard,
        shardPartOut: flags.out,
        content: flags.content,
      };
      try {
        if (flags.json && !pipeline && compactJson()) {
          // Printed as it comes: a re-run of an unchanged folder prints the stored report's bytes.
          const pieces = await withCancellation((signal) =>
            analyzeDatasetJson(dir, analyzeOptions, {
              signal,
              onProgress: (p) => progress.update(p),
              onNotice,
            }),
          );
          progress.stop();
          for (const piece of pieces) process.stdout.write(piece);
          process.stdout.write('\n');
          return;
        }
        const report = await withCancellation((signal) =>
          analyzeDataset(dir, analyzeOptions, { signal, onProgress: (p) => progress.update(p), onNotice }),
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
