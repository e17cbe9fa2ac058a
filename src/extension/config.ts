import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings, type Settings } from './settings';

export const CONFIG_SECTION = 'datasetLens';

/** Current settings (resource-scoped to the dataset folder when one is given). */
export function getSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const settings = readSettings((name) => config.get(name));
  const names = settings.classNamesFile;
  if (names && !path.isAbsolute(names)) {
    // Relative to the workspace folder holding the dataset (else to the first one): where settings.json is.
    const folder =
      (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
    if (folder) settings.classNamesFile = path.join(folder.uri.fsPath, names);
  }
  return settings;
}
