import * as path from 'node:path';
import { pathRelation } from '../../core/util/pathContainment';
import { applyFileMoves, type FileMove, type MoveOutcome } from './fileMoves';

/** Where quarantined files of `root` go: a folder beside the dataset (outside it), `<name>-quarantine`. */
export function quarantineFolder(root: string): string {
  const absolute = path.resolve(root);
  return path.join(path.dirname(absolute), `${path.basename(absolute)}-quarantine`);
}

/**
 * Moves files out of the dataset into its quarantine folder, each at the same relative path (so where it came
 * from stays readable), as one undoable WorkspaceEdit. A destination that would fall inside the dataset (a
 * dataset at a file system's root) is refused.
 */
export async function quarantine(root: string, files: readonly string[]): Promise<MoveOutcome> {
  const folder = quarantineFolder(root);
  const refused: MoveOutcome['refused'] = [];
  const planned: FileMove[] = [];
  for (const file of files) {
    const target = path.resolve(folder, ...file.split('/'));
    if (pathRelation(folder, target) !== 'inside' || pathRelation(root, target) !== 'outside')
      refused.push({ file, reason: 'no quarantine folder outside the dataset' });
    else planned.push({ file, target });
  }
  const outcome = await applyFileMoves(root, planned);
  return { ...outcome, refused: [...refused, ...outcome.refused] };
}
