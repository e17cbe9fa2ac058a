import { InvalidArgumentError, type Command } from 'commander';
import * as path from 'node:path';
import { CODE_TARGETS, exportCode, type CodeTarget } from '../../core/codegen/exportCode';
import type { DatasetFacts } from '../../core/codegen/datasetFacts';
import { factsFromDataset, factsFromReportFile } from '../../core/codegen/normalization';
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
      if (flags.stats) facts = factsFromReportFile(flags.stats);
      if (flags.dataset) {
        const dir = flags.dataset;
        facts = await withCancellation((signal) => factsFromDataset(dir, signal));
      }
      const text = exportCode(pipeline, flags.target, {
        ...facts,
        pipelineFile: path.basename(flags.pipeline),
      });
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeOutputFile(flags.out, text);
    });
}

function targetOption(value: string): CodeTarget {
  if (!(CODE_TARGETS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `Expected one of ${CODE_TARGETS.join(', ')} for --target but received "${value}"`,
    );
  }
  return value as CodeTarget;
}
