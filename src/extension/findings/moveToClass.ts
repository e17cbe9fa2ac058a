import * as path from 'node:path';
import type { DatasetReport } from '../../core/engine/report';
import { pathRelation } from '../../core/util/pathContainment';
import { applyFileMoves, type FileMove, type MoveOutcome } from './fileMoves';

/** A file and the class it should move to. */
export interface ClassMove {
  file: string;
  className: string;
}

/**
 * Moves files into another class folder of the dataset (the same split, the same path below the class folder),
 * as one undoable WorkspaceEdit (applyFileMoves). Only where folders are the labels (imagefolder, splits): a class
 * must be one the report lists. For "move to class…" on selected findings and "move to suggested class".
 */
export async function moveToClass(
  root: string,
  report: DatasetReport,
  moves: readonly ClassMove[],
): Promise<MoveOutcome> {
  const refused: MoveOutcome['refused'] = [];
  if (report.layout !== 'imagefolder' && report.layout !== 'splits') {
    const why = `the labels of this ${report.layout} dataset do not come from class folders`;
    return { moved: [], refused: moves.map((m) => ({ file: m.file, reason: why })) };
  }
  const classes = new Set(report.classes.map((c) => c.name));
  const depth = report.layout === 'splits' ? 1 : 0;
  const planned: FileMove[] = [];
  for (const { file, className } of moves) {
    const segments = file.split('/');
    const refuse = (reason: string) => refused.push({ file, reason });
    if (!classes.has(className)) refuse(`no class ${JSON.stringify(className)} in this dataset`);
    else if (segments.length < depth + 2) refuse('not inside a class folder');
    else if (segments[depth] === className) refuse(`already in class ${className}`);
    else {
      const target = path.resolve(root, ...segments.slice(0, depth), className, ...segments.slice(depth + 1));
      if (pathRelation(root, target) !== 'inside') refuse('the class folder is not inside the dataset');
      else planned.push({ file, target });
    }
  }
  const outcome = await applyFileMoves(root, planned);
  return { ...outcome, refused: [...refused, ...outcome.refused] };
}
