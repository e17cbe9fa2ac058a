import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { EXCLUDE_FILE, excludeLines } from '../../core/scan/excludeList';
import { writeFileAtomicAsync } from '../../core/util/writeAtomic';

/**
 * Appends one anchored pattern per file to the dataset's .datasetlensignore (created when missing), under a
 * comment with the date: the next analysis, preview, augment or probe leaves them out. Written atomically; a
 * line removed brings a file back.
 * @returns the exclude file's path
 */
export async function excludeFiles(
  root: string,
  files: readonly string[],
  when = new Date(),
): Promise<string> {
  const file = path.join(root, EXCLUDE_FILE);
  const before = await fsp.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  await writeFileAtomicAsync(file, before + separator + excludeLines(files, when));
  return file;
}
