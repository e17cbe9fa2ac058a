import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { messageOf } from '../../core/util/errors';
import { pathRelation } from '../../core/util/pathContainment';

/** A dataset file to move, and where to. */
export interface FileMove {
  /** Dataset-relative, '/'-separated (as reports name files). */
  file: string;
  /** Absolute destination path. */
  target: string;
}

export interface MoveOutcome {
  moved: string[];
  /** Where each moved file was and is now (absolute): what undoMoves takes. */
  pairs?: { from: string; to: string }[];
  /** Files left where they were, and why. */
  refused: { file: string; reason: string }[];
}

/**
 * Where a dataset file lies, when it may be moved: lexically inside the root, and its folder really inside the
 * real root (a linked folder could otherwise take the move outside the dataset). A link itself is moved, never
 * what it leads to.
 * @throws Error saying why not
 */
export async function movableFile(root: string, file: string): Promise<string> {
  const absolute = path.resolve(root, ...file.split('/'));
  if (pathRelation(root, absolute) !== 'inside') throw new Error('not inside the dataset');
  const [realRoot, realFolder] = await Promise.all([
    fsp.realpath(root),
    fsp.realpath(path.dirname(absolute)).catch(() => undefined),
  ]);
  if (!realFolder || pathRelation(realRoot, realFolder) === 'outside')
    throw new Error('its folder leads outside the dataset');
  const stats = await fsp.lstat(absolute).catch(() => undefined);
  if (!stats) throw new Error('not found');
  if (stats.isDirectory()) throw new Error('a folder, not a file');
  return absolute;
}

/**
 * Moves dataset files as one VS Code WorkspaceEdit of file renames (what editors and other extensions see as a
 * rename; undoMoves puts them back). Nothing is overwritten and nothing deleted: a file whose destination exists, or that is not movable
 * (movableFile), is refused and stays. Destinations are the caller's business (moveToClass, quarantine check them).
 */
export async function applyFileMoves(root: string, moves: readonly FileMove[]): Promise<MoveOutcome> {
  const refused: MoveOutcome['refused'] = [];
  const ready: { file: string; from: string; to: string }[] = [];
  const targets = new Set<string>();
  for (const { file, target } of moves) {
    try {
      const from = await movableFile(root, file);
      const taken =
        targets.has(target) ||
        (await fsp.lstat(target).then(
          () => true,
          () => false,
        ));
      if (taken) throw new Error(`${target} exists already`);
      targets.add(target);
      ready.push({ file, from, to: target });
    } catch (error) {
      refused.push({ file, reason: messageOf(error) });
    }
  }
  if (!ready.length) return { moved: [], refused };
  const edit = new vscode.WorkspaceEdit();
  for (const m of ready)
    edit.renameFile(vscode.Uri.file(m.from), vscode.Uri.file(m.to), { overwrite: false });
  if (!(await vscode.workspace.applyEdit(edit)))
    return {
      moved: [],
      refused: [
        ...refused,
        ...ready.map((m) => ({ file: m.file, reason: 'VS Code did not apply the move' })),
      ],
    };
  return { moved: ready.map((m) => m.file), pairs: ready.map(({ from, to }) => ({ from, to })), refused };
}

/**
 * Moves files back where applyFileMoves took them from, as one WorkspaceEdit: only those still where they were
 * put, and only to a place that is free again and inside the dataset. Returns how many moved back.
 */
export async function undoMoves(
  root: string,
  pairs: readonly { from: string; to: string }[],
): Promise<number> {
  const edit = new vscode.WorkspaceEdit();
  let n = 0;
  for (const { from, to } of pairs) {
    const there = await fsp.lstat(to).then(
      () => true,
      () => false,
    );
    const free = await fsp.lstat(from).then(
      () => false,
      () => true,
    );
    if (!there || !free || pathRelation(root, from) !== 'inside') continue;
    edit.renameFile(vscode.Uri.file(to), vscode.Uri.file(from), { overwrite: false });
    n++;
  }
  if (!n) return 0;
  return (await vscode.workspace.applyEdit(edit)) ? n : 0;
}
