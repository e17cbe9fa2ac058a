import type { Command } from 'commander';
import { similarImages } from '../../core/content/similarImages';
import { defaultCacheDir } from '../cacheDir';
import { jsonText } from '../jsonText';
import { integerOption } from '../options';

interface SimilarFlags {
  k: number;
  json?: boolean;
  cacheDir?: string;
  maxPixels?: number;
}

export function registerSimilarCommand(program: Command): void {
  program
    .command('similar')
    .description(
      'The images most like one image by content (exact cosine of the vectors `analyze --content` cached)',
    )
    .argument('<dir>', 'dataset folder')
    .argument('<file>', 'the image, relative to the dataset folder')
    .option('--k <n>', 'how many images', integerOption('--k', 1), 10)
    .option('--json', 'print one JSON document on stdout')
    .option('--cache-dir <dir>', `per-image cache folder the analysis used (default ${defaultCacheDir()})`)
    .option('--max-pixels <n>', 'as given to the analysis', integerOption('--max-pixels', 1))
    .action((dir: string, file: string, flags: SimilarFlags) => {
      const result = similarImages(dir, file, {
        k: flags.k,
        cacheDir: flags.cacheDir ?? defaultCacheDir(),
        maxPixels: flags.maxPixels,
      });
      if (flags.json) {
        process.stdout.write(jsonText(result) + '\n');
        return;
      }
      const lines = [`Images most like ${result.file} (of ${result.compared}, by content):`];
      for (const s of result.similar) lines.push(`  ${s.similarity.toFixed(4)}  ${s.file}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
