import path from 'node:path';
import { intOption, parseBenchArgs } from '../args';
import { benchDataDir } from '../paths';

/** Files in the scale set when `--files` is not given. */
export const DEFAULT_SCALE_FILES = 1_000_000;

/**
 * The arguments of the benches that run on the generated scale set (bench:scale, bench:content-scale);
 * `--cache-dir` only where `cacheDir` is allowed (bench:content-scale).
 */
export function scaleSetArgs(
  argv: string[],
  { cacheDir = false }: { cacheDir?: boolean } = {},
): { files: number; root: string; rerun: boolean; cacheDir?: string } {
  const values = parseBenchArgs(
    argv,
    {
      files: { type: 'string' },
      out: { type: 'string' },
      rerun: { type: 'boolean' },
      ...(cacheDir ? { 'cache-dir': { type: 'string' as const } } : {}),
    },
    `[--files <n>] [--out <dir>] [--rerun]${cacheDir ? ' [--cache-dir <dir>]' : ''}`,
  );
  const files = intOption('files', values.files, DEFAULT_SCALE_FILES);
  const root = path.resolve(values.out ?? path.join(benchDataDir, `scale2-${files}`));
  const kept = values['cache-dir'];
  return {
    files,
    root,
    rerun: values.rerun ?? false,
    ...(typeof kept === 'string' ? { cacheDir: path.resolve(kept) } : {}),
  };
}
