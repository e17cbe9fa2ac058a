import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetReport } from '../core/engine/report';
import type { StatsFormat } from '../protocol/messages';
import { kerasNormalization, pytorchNormalization, statsJson } from '../protocol/snippets';
import { writeUserFile } from './writeUserFile';

/**
 * Writes the normalization statistics: JSON to a file the user picks (or `out`), Keras / PyTorch code to a new
 * untitled Python editor (saved wherever the user likes). Returns the file written, or null.
 */
export async function exportStatsTo(
  report: DatasetReport,
  format: StatsFormat,
  out?: string,
): Promise<string | null> {
  if (format === 'json') {
    let target = out ? vscode.Uri.file(out) : undefined;
    if (!target) {
      const folder =
        vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(report.root));
      target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(folder, `${path.basename(report.root)}.stats.json`),
        filters: { JSON: ['json'] },
        title: 'Save normalization statistics',
      });
    }
    if (!target) return null;
    await writeUserFile(target, statsJson(report));
    vscode.window.setStatusBarMessage(`Dataset Lens: wrote ${target.fsPath}`, 5000);
    return target.fsPath;
  }
  const content = format === 'keras' ? kerasNormalization(report) : pytorchNormalization(report);
  if (out) {
    await writeUserFile(vscode.Uri.file(out), content);
    return out;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
  return null;
}
