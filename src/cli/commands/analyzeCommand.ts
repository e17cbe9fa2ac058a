import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../core/util/errors';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { analyzeLabelSafety, checkLabelSafetyFlags } from '../analyzeLabelSafety';
import { formatLabelSafety } from '../formatLabelSafety';
import { analyzeDataset, analyzeDatasetJson, type AnalyzeOptions } from '../../core/engine/analyzeDataset';
import { parseShard, type ShardSpec } from '../../core/engine/shard';
import { addAnalysisOptions, analysisOptions, type AnalysisFlags } from '../analysisFlags';
import { compactJson, jsonText } from '../jsonText';
import { withCancellation } from '../cancellation';
import { formatReport } from '../formatReport';
import { createProgressReporter } from '../progressBar';

interface AnalyzeFlags extends AnalysisFlags {
  json?: boolean;
  shard?: ShardSpec;
  out?: string;
  pipeline?: string;
  probe?: boolean;
}

function shardFlag(value: string): ShardSpec {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function registerAnalyzeCommand(program: Command): void {
  const command = program
    .command('analyze')
    .description('Analyse an image folder (ImageFolder class/img, split/class/img, CSV labels, or flat)')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print one JSON document on stdout (progress and logs go to stderr)');
  addAnalysisOptions(command)
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
        ...analysisOptions(flags),
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
