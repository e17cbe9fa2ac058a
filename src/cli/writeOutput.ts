import { UsageError, messageOf } from '../core/util/errors';
import { writeFileAtomicSync } from '../core/util/writeAtomic';

/** Writes a file a flag asked for, atomically; a path that cannot be written is the user's to fix (exit 2). */
export function writeOutput(flag: string, file: string, data: string | Buffer): void {
  try {
    writeFileAtomicSync(file, data);
  } catch (error) {
    throw new UsageError(`cannot write ${flag} ${file}: ${messageOf(error).split('\n')[0]}`);
  }
}
