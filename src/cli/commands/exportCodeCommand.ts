import { InvalidArgumentError, type Command } from 'commander';
import * as path from 'node:path';
import { CODE_TARGETS, exportCode, type CodeTarget } from '../../core/codegen/exportCode';
import { factsOfReport, type DatasetFacts } from '../../core/codegen/datasetFacts';
import { analyseForCode, factsFromReportJson, readReportFile } from '../../core/codegen/normalization';
import type { DatasetReport } from '../../core/engine/report';
import type { Pipeline } from '../../core/pipeline/pipelineTypes';
import { labelSafetyFromReport } from '../../core/probe/labelSafetyFromReport';
import type { TransformSafety } from '../../core/probe/probeTypes';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { UsageError } from '../../core/util/errors';
import { checkOutputFile, writeOutputFile } from '../../core/util/outputPath';
import { withCancellation } from '../cancellation';

interface ExportCodeFlags {
  pipeline: string;
  target: CodeTarget;
  stats?: string;
  dataset?: string;
  out?: string;
}

export function registerExportCodeCommand(program: Command): void {
  program
    .command('export-code')
    .description(
      'Print runnable Keras / torchvision / albumentations code for a pipeline, with normalization constants',
    )
    .requiredOption('--pipeline <file>', 'augmentation pipeline JSON')
    .requiredOption('--target <lib>', CODE_TARGETS.join('|'), targetOption)
    .option('--stats <report.json>', 'take mean/std from a `dataset-lens analyze --json` report')
    .option('--dataset <dir>', 'compute mean/std by analysing this folder')
    .option('--out <file.py>', 'write the code to a file instead of stdout')
    .action(async (flags: ExportCodeFlags) => {
      if (flags.stats && flags.dataset) throw new UsageError('Give either --stats or --dataset, not both');
      const pipeline = loadPipelineFile(flags.pipeline);
      if (flags.out) checkOutputFile(flags.out, 'Python');
      let facts: DatasetFacts = {};
      let labelSafety: TransformSafety[] | undefined;
      if (flags.stats) {
        const report = readReportFile(flags.stats);
        facts = factsFromReportJson(report, flags.stats);
        labelSafety = rulesOf(report, pipeline, flags.stats);
      }
      if (flags.dataset) {
        const dir = flags.dataset;
        const report = await withCancellation((signal) => analyseForCode(dir, signal));
        facts = factsOfReport(report, 'dataset-lens analyze of', dir);
        labelSafety = rulesOf(report, pipeline, dir);
      }
      const text = exportCode(pipeline, flags.target, {
        ...facts,
        pipelineFile: path.basename(flags.pipeline),
        labelSafety,
      });
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeOutputFile(flags.out, text);
    });
}

/**
 * The label-safety rules for the dataset the constants come from, so flagged steps carry their warning; a report
 * without what the rules read (an older or hand-made file) is said on stderr.
 */
function rulesOf(report: unknown, pipeline: Pipeline, source: string): TransformSafety[] | undefined {
  try {
    return labelSafetyFromReport(report as DatasetReport, pipeline).transforms;
  } catch {
    process.stderr.write(
      `dataset-lens: no label-safety check: ${source} lacks the classes or image properties the rules read\n`,
    );
    return undefined;
  }
}

function targetOption(value: string): CodeTarget {
  if (!(CODE_TARGETS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `Expected one of ${CODE_TARGETS.join(', ')} for --target but received "${value}"`,
    );
  }
  return value as CodeTarget;
}
