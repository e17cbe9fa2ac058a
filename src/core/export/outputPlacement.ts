import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { FileEntry } from '../scan/scanPlan';
import { UsageError } from '../util/errors';
import { isWithin } from '../util/pathContainment';
import { realpathOfFuturePath } from '../util/realPath';

/**
 * Refuses an output folder that is, contains, or lies inside the source, or any folder the source reads through
 * a symbolic link (real paths compared): an export must never write into or over the dataset it reads, or a later
 * analysis would count its outputs as that class.
 */
export function checkOutputPlacement(
  sourceRoot: string,
  entries: readonly FileEntry[],
  outRoot: string,
): void {
  const source = realpathSync(sourceRoot);
  const out = realpathOfFuturePath(outRoot);
  if (isWithin(source, out))
    throw new UsageError(
      `--out ${outRoot} is inside the source dataset ${sourceRoot}: choose a folder outside it`,
    );
  if (isWithin(out, source))
    throw new UsageError(
      `--out ${outRoot} contains the source dataset ${sourceRoot}: choose a folder outside it`,
    );
  for (const folder of linkedFolders(source, entries)) {
    const where = `${folder}, a folder the dataset reads through a symbolic link`;
    if (isWithin(folder, out))
      throw new UsageError(`--out ${outRoot} is inside ${where}: choose a folder outside it`);
    if (isWithin(out, folder))
      throw new UsageError(`--out ${outRoot} contains ${where}: choose a folder outside it`);
  }
}

/** Real paths of the folders holding the entries that lie outside the real source root (reached by links). */
function linkedFolders(realSource: string, entries: readonly FileEntry[]): string[] {
  const seen = new Set<string>();
  const outside = new Set<string>();
  for (const entry of entries) {
    const folder = folderOf(entry.open);
    const key = typeof folder === 'string' ? folder : Buffer.from(folder).toString('latin1');
    if (seen.has(key)) continue;
    seen.add(key);
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      continue; // gone since the scan: its files fail alone, nothing can be written into it
    }
    if (!isWithin(realSource, real)) outside.add(real);
  }
  return [...outside];
}

/** The folder of a path given as text or as bytes (names that are not valid UTF-8). */
function folderOf(open: string | Uint8Array): string | Buffer {
  if (typeof open === 'string') return path.dirname(open);
  const bytes = Buffer.from(open);
  const slash = bytes.lastIndexOf(path.sep.charCodeAt(0));
  return slash <= 0 ? Buffer.from(path.sep) : bytes.subarray(0, slash);
}
