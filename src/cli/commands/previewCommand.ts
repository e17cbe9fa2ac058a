import type { Command } from 'commander';
import * as path from 'node:path';
import { loadPipelineFile } from '../../core/pipeline/pipelineJson';
import { buildPreview, type Preview } from '../../core/preview/buildPreview';
import { renderPreviewPng } from '../../core/preview/renderPreviewPng';
import { checkOutputFile, writeOutputFile } from '../../core/util/outputPath';
import { CLASS_NAMES, FOLLOW_EXTERNAL_LINKS, integerOption, SOURCE, sourceHelp } from '../options';
import { withCancellation } from '../cancellation';
import { jsonText } from '../jsonText';

interface PreviewFlags {
  pipeline: string;
  out: string;
  perClass: number;
  variants: number;
  seed?: number;
  cellSize: number;
  labels?: string;
  classNames?: string;
  followExternalLinks?: boolean;
  json?: boolean;
  repeat: number;
  maxPixels?: number;
}

export function registerPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description(
      'Render a before/after grid: a seeded sample per class, each original beside augmented variants',
    )
    .argument(SOURCE, sourceHelp())
    .requiredOption('--pipeline <file>', 'augmentation pipeline JSON')
    .requiredOption('--out <png>', 'PNG file to write')
    .option('--per-class <k>', 'files shown per class', integerOption('--per-class', 1, 64), 1)
    .option('--variants <n>', 'augmented variants per file', integerOption('--variants', 1, 16), 3)
    .option('--seed <s>', "seed (default: the pipeline's)", integerOption('--seed', 0, 0x7fffffff))
    .option('--cell-size <px>', 'box each image is fitted into', integerOption('--cell-size', 16, 2048), 256)
    .option('--labels <csv>', 'labels from a file,label[,split] CSV instead of folder names')
    .option(...CLASS_NAMES)
    .option(...FOLLOW_EXTERNAL_LINKS)
    .option(
      '--max-pixels <n>',
      'refuse images (and output sizes) larger than this many pixels',
      integerOption('--max-pixels', 1),
    )
    .option('--json', 'print a JSON summary (files, captions, applied params, timings) on stdout')
    .option(
      '--repeat <n>',
      'render n times and report each time (benchmarking warm runs)',
      integerOption('--repeat', 1, 1000),
      1,
    )
    .action(async (dir: string, flags: PreviewFlags) => {
      const pipeline = loadPipelineFile(flags.pipeline);
      checkOutputFile(flags.out, 'PNG');
      const timings: number[] = [];
      let png: Buffer | undefined;
      let preview: Preview | undefined;
      await withCancellation(async (signal) => {
        for (let i = 0; i < flags.repeat; i++) {
          const started = performance.now();
          preview = await buildPreview(dir, pipeline, {
            perClass: flags.perClass,
            variants: flags.variants,
            seed: flags.seed,
            labelsCsv: flags.labels,
            classNames: flags.classNames,
            followExternalLinks: flags.followExternalLinks,
            cellSize: flags.cellSize,
            maxPixels: flags.maxPixels,
            signal,
          });
          png = await renderPreviewPng(preview, { cellSize: flags.cellSize });
          timings.push(Math.round((performance.now() - started) * 10) / 10);
        }
      });
      if (!png || !preview) return;
      writeOutputFile(flags.out, png);
      const built: Preview = preview;
      if (flags.json) {
        const rows = built.rows.map((row) => ({
          class: row.className,
          file: row.file,
          error: row.error,
          reduced: row.reduced,
          variants: row.variants.map((v) => ({ caption: v.caption, applied: v.applied })),
        }));
        const out = path.resolve(flags.out);
        process.stdout.write(
          jsonText({ out, rows, unlistable: built.unlistable, timingsMs: timings }) + '\n',
        );
      } else {
        for (const line of notShownLines(built)) process.stderr.write(`dataset-lens: ${line}\n`);
        process.stdout.write(`Wrote ${flags.out} (${timings.at(-1)} ms)\n`);
      }
    });
}

/** One line per file the preview could not show: names quoted (they may hold newlines), reasons on one line. */
export function notShownLines(preview: Preview): string[] {
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  return [
    ...preview.rows.flatMap((row) =>
      row.error ? [`${JSON.stringify(row.file)} not shown: ${oneLine(row.error)}`] : [],
    ),
    ...preview.unlistable.map((u) => `${JSON.stringify(u.file)} could not be listed: ${oneLine(u.message)}`),
  ];
}
