import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, messageOf } from './errors';
import { writeFileAtomicSync } from './writeAtomic';

/** Refuses an output folder that is a file, or lies below one, before any work is done. */
export function checkOutputFolder(folder: string): void {
  const blocking = fileInTheWay(folder);
  if (blocking === undefined) return;
  const where = blocking === path.resolve(folder) ? '' : `${folder}: `;
  throw new UsageError(`--out ${where}${blocking} is a file, not a folder`);
}

/** Refuses an output file path that is a folder, or lies below a file, before any work is done. */
export function checkOutputFile(file: string, what: string): void {
  const resolved = path.resolve(file);
  if (existsSync(resolved) && statSync(resolved).isDirectory())
    throw new UsageError(`--out ${file} is a folder: give the ${what} file to write`);
  const blocking = fileInTheWay(path.dirname(resolved));
  if (blocking !== undefined) throw new UsageError(`--out ${file}: ${blocking} is a file, not a folder`);
}

/** The nearest existing path at or above `folder` when it is not a folder (so nothing can be created there). */
function fileInTheWay(folder: string): string | undefined {
  let existing = path.resolve(folder);
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return statSync(existing).isDirectory() ? undefined : existing;
}

/** Writes a file the user asked for (atomically); a refusal of the file system is one clear error naming it. */
export function writeOutputFile(file: string, data: string | Buffer): void {
  try {
    writeFileAtomicSync(file, data);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new UsageError(`Cannot write --out ${file}: ${messageOf(error)}`);
  }
}
