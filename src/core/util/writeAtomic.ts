import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Writes a whole file the way npm writes its own (write-file-atomic): under a temporary name in the same folder,
 * fsync'd, then renamed over `file`. A reader sees the old file or the whole new one, never half of one; a file that
 * existed keeps its mode; a failed write leaves no temporary file. Creates missing parent folders.
 * `fsync: false` for caches, which are checked when read and rebuilt when damaged: no need to wait for the disk.
 */
export function writeFileAtomicSync(file: string, data: string | Buffer, options = { fsync: true }): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileAtomic.sync(file, data, options);
}

/** The same, without blocking the thread: for the extension host. */
export async function writeFileAtomicAsync(file: string, data: string | Buffer): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await writeFileAtomic(file, data);
}
