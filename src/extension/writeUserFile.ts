import * as vscode from 'vscode';
import { writeFileAtomicAsync } from '../core/util/writeAtomic';

/**
 * Writes a file the user asked for (statistics, a pipeline). A local file is written atomically, so a training
 * script or an editor reading it meanwhile sees the old file or the new one, never a half-written one (VS Code's
 * `workspace.fs.writeFile` truncates first, then writes). Other schemes go through VS Code's file system.
 */
export async function writeUserFile(target: vscode.Uri, content: string): Promise<void> {
  if (target.scheme === 'file') await writeFileAtomicAsync(target.fsPath, content);
  else await vscode.workspace.fs.writeFile(target, Buffer.from(content));
}
