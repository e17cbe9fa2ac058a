import path from 'node:path';
import { intOption, parseBenchArgs } from '../args';
import { benchDataDir } from '../paths';

/** Files in the scale set when `--files` is not given. */
export const DEFAULT_SCALE_FILES = 1_000_000;

/** The arguments of the benches that run on the generated scale set (bench:scale, bench:content-scale). */
export function scaleSetArgs(argv: string[]): { files: number; root: string; rerun: boolean } {
  const values = parseBenchArgs(
    argv,
    { files: { type: 'string' }, out: { type: 'string' }, rerun: { type: 'boolean' } },
    '[--files <n>] [--out <dir>] [--rerun]',
  );
  const files = intOption('files', values.files, DEFAULT_SCALE_FILES);
  const root = path.resolve(values.out ?? path.join(benchDataDir, `scale2-${files}`));
  return { files, root, rerun: values.rerun ?? false };
}
