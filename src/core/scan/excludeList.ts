import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { UsageError } from '../util/errors';

/** The file at a dataset's root listing what to leave out, in gitignore's syntax. */
export const EXCLUDE_FILE = '.datasetlensignore';

/** The patterns of a dataset's EXCLUDE_FILE: analyze, preview, augment and probe all list the dataset through it. */
export interface ExcludeList {
  /** The file's pattern lines (comments and blank lines left out): part of what a cached run is keyed on. */
  patterns: string[];
  /** Whether a root-relative, '/'-separated path is excluded; folders end with '/'. */
  excludes(relative: string): boolean;
}

/** The dataset's exclude list, or undefined when it has no EXCLUDE_FILE. */
export async function readExcludeList(absRoot: string): Promise<ExcludeList | undefined> {
  const file = path.join(absRoot, EXCLUDE_FILE);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const patterns = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  // Member names (`shard.tar#./a.jpg`) may look relative to it: never a reason to throw.
  const matcher = ignore({ allowRelativePaths: true }).add(patterns);
  return { patterns, excludes: (relative) => matcher.ignores(relative) };
}

/**
 * The pattern that excludes exactly one dataset file: anchored at the root (a leading '/'), with the characters
 * gitignore gives a meaning (wildcards, brackets, backslashes, trailing spaces) escaped.
 * @throws when the name holds a line break, which no pattern line can hold
 */
export function excludePattern(file: string): string {
  if (/[\r\n]/.test(file))
    throw new Error(`${JSON.stringify(file)} holds a line break: no pattern can name it`);
  const escaped = file.replace(/[\\*?[\]]/g, '\\$&').replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
  return `/${escaped}`;
}

/** The lines that exclude `files` (one pattern each, under a comment saying when), for the end of EXCLUDE_FILE. */
export function excludeLines(files: readonly string[], when: Date): string {
  return [`# excluded from the Quality tab, ${when.toISOString()}`, ...files.map(excludePattern), ''].join(
    '\n',
  );
}
