import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/engine/report';
import { actionableFiles, findingsListText, selectionRows } from '../../protocol/findingRows';
import type { FileAction, FileActionResult } from '../../protocol/messages';
import { writeUserFile } from '../writeUserFile';
import { excludeFiles } from './excludeFiles';
import { undoMoves, type MoveOutcome } from './fileMoves';
import { moveToClass } from './moveToClass';
import { quarantine, quarantineFolder } from './quarantine';

const UNDO_HINT = 'Undo (in the panel or here) moves them back.';

/** The last move of each dataset's panel, until it is undone or another move replaces it. */
const lastMoves = new Map<string, { from: string; to: string }[]>();

/** The files of `files` the report lists as findings or draws on its map: the panel acts on nothing else. */
function listedOnly(report: DatasetReport, files: readonly string[]): string[] {
  const listed = actionableFiles(report);
  const unknown = files.filter((f) => !listed.has(f));
  if (unknown.length)
    throw new Error(`Refused: ${JSON.stringify(unknown[0])} is not among the findings or the map shown`);
  return [...new Set(files)];
}

/**
 * Runs one of the Quality tab's actions on the selected files, asking what it needs first (the class, a
 * confirmation): exclude (the dataset's .datasetlensignore), move to class… or quarantine (one undoable
 * WorkspaceEdit of renames). Nothing is deleted or overwritten.
 */
export async function runFileAction(
  root: string,
  report: DatasetReport,
  action: FileAction,
  selected: readonly string[],
  afterUndo: () => void,
): Promise<FileActionResult> {
  const files = listedOnly(report, selected);
  const cancelled: FileActionResult = { done: 0, refused: [], cancelled: true };
  if (action === 'exclude') {
    const file = await excludeFiles(report.root, files);
    void vscode.window.showInformationMessage(
      `Excluded ${files.length} file(s) in ${path.basename(file)}: a line removed brings a file back.`,
    );
    return { done: files.length, refused: [], cancelled: false };
  }
  if (action === 'moveToClass') {
    const className = await vscode.window.showQuickPick(
      report.classes.map((c) => c.name),
      { title: `Move ${files.length} file(s) to class`, placeHolder: 'The class folder to move them into' },
    );
    if (!className) return cancelled;
    const outcome = await moveToClass(
      root,
      report,
      files.map((file) => ({ file, className })),
    );
    return told(root, outcome, `to class ${className}`, afterUndo);
  }
  const folder = quarantineFolder(root);
  const confirm = 'Move out of the dataset';
  const answer = await vscode.window.showWarningMessage(
    `Move ${files.length} file(s) out of the dataset into ${folder}?`,
    { modal: true, detail: `Each keeps its path below the dataset. Nothing is deleted; ${UNDO_HINT}` },
    confirm,
  );
  if (answer !== confirm) return cancelled;
  return told(root, await quarantine(root, files), `to ${folder}`, afterUndo);
}

/**
 * Moves one of the content checks' possible label errors into the class it looks like (the report's
 * `suggested`), in one click: no question, Undo moves it back.
 */
export async function moveToSuggestedClass(
  root: string,
  report: DatasetReport,
  file: string,
  afterUndo: () => void,
): Promise<FileActionResult> {
  const issue = report.labelIssues?.find((i) => i.file === file);
  if (!issue) throw new Error(`Refused: ${JSON.stringify(file)} is not among the possible label errors`);
  const outcome = await moveToClass(root, report, [{ file, className: issue.suggested }]);
  return told(root, outcome, `to class ${issue.suggested}`, afterUndo);
}

/** Says what moved and what did not (offering Undo), keeps the move for undoLastMove, and returns it. */
function told(root: string, outcome: MoveOutcome, where: string, afterUndo: () => void): FileActionResult {
  const { moved, refused } = outcome;
  const first = refused[0];
  const notMoved = first ? ` ${refused.length} not moved (${first.file}: ${first.reason}).` : '';
  const text = `Moved ${moved.length} file(s) ${where}.${notMoved}${moved.length ? ` ${UNDO_HINT}` : ''}`;
  if (!moved.length) {
    void vscode.window.showWarningMessage(text);
    return { done: 0, refused, cancelled: false };
  }
  const pairs = outcome.pairs ?? [];
  lastMoves.set(root, pairs);
  void vscode.window.showInformationMessage(text, 'Undo').then(async (answer) => {
    if (answer === 'Undo' && lastMoves.get(root) === pairs && (await undoLastMove(root))) afterUndo();
  });
  return { done: moved.length, refused, cancelled: false };
}

/** Moves the files of the dataset's last move back (see undoMoves); returns how many. */
export async function undoLastMove(root: string): Promise<number> {
  const pairs = lastMoves.get(root);
  if (!pairs) return 0;
  lastMoves.delete(root);
  return undoMoves(root, pairs);
}

/** Writes the selected findings to a CSV or JSON file the user names (the format follows the extension). */
export async function exportFindings(
  root: string,
  report: DatasetReport,
  selected: readonly string[],
): Promise<{ savedTo: string | null }> {
  const files = new Set(listedOnly(report, selected));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(root));
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, `${path.basename(root)}-findings.csv`),
    filters: { CSV: ['csv'], JSON: ['json'] },
    title: 'Export the selected findings',
  });
  if (!target) return { savedTo: null };
  const rows = selectionRows(report, files);
  const format = target.path.toLowerCase().endsWith('.json') ? 'json' : 'csv';
  await writeUserFile(target, findingsListText(rows, format));
  return { savedTo: target.fsPath };
}
