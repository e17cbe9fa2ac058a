import { promises as fsp, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isContainerName } from '../core/source/findContainers';

/**
 * Asks for a dataset folder: the workspace folders and their sub-folders first (one keystroke in the command
 * palette), then "Browse…" for anything else.
 */
export async function pickDatasetFolder(
  title = 'Dataset Lens: choose an image dataset folder',
): Promise<vscode.Uri | undefined> {
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    items.push({ label: `$(root-folder) ${folder.name}`, description: folder.uri.fsPath, uri: folder.uri });
    const entries = await fsp.readdir(folder.uri.fsPath, { withFileTypes: true }).catch(() => []);
    const subfolders = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => e.name)
      .sort()
      .slice(0, 200);
    for (const name of subfolders) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      items.push({ label: `$(folder) ${name}`, description: path.join(folder.name, name), uri });
    }
  }
  items.push({ label: '$(folder-opened) Browse…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Folder to analyse',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Analyze',
    title,
  });
  return chosen?.[0];
}

/** The pipeline file to use: the given one, the active editor's, or one of the workspace's *.pipeline.json. */
export async function pickPipelineFile(given?: vscode.Uri): Promise<vscode.Uri | undefined | null> {
  if (given && given.fsPath.endsWith('.json')) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.fsPath.endsWith('.pipeline.json')) return active;
  const found = await vscode.workspace.findFiles('**/*.pipeline.json', '**/node_modules/**', 50);
  if (found.length === 0) return null;
  const picked = await vscode.window.showQuickPick(
    [
      ...found.map((uri) => ({
        label: path.basename(uri.fsPath),
        description: vscode.workspace.asRelativePath(uri),
        uri,
      })),
      { label: '$(add) Default pipeline', description: 'start from the built-in recipe', uri: undefined },
    ],
    { title: 'Dataset Lens: choose an augmentation pipeline' },
  );
  if (!picked) return undefined;
  return picked.uri ?? null;
}

/** A folder, or a file of a container format (Parquet, tar shard, MNIST idx): what the commands can analyse. */
export function isDatasetSource(uri: vscode.Uri | undefined): uri is vscode.Uri {
  if (!uri || uri.scheme !== 'file') return false;
  return isContainerName(path.basename(uri.fsPath)) || isFolder(uri);
}

export function isFolder(uri: vscode.Uri | undefined): uri is vscode.Uri {
  if (!uri || uri.scheme !== 'file') return false;
  try {
    return statSync(uri.fsPath).isDirectory();
  } catch {
    return false;
  }
}
