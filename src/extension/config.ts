import * as vscode from 'vscode';
import { readSettings, type Settings } from './settings';

export const CONFIG_SECTION = 'datasetLens';

/** Current settings (resource-scoped to the dataset folder when one is given). */
export function getSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return readSettings((name) => config.get(name));
}
