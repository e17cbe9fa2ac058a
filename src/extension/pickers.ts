import { promises as fsp, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { datasetShape, datasetsInside, describeShape } from '../core/scan/datasetShape';
import { isContainerName } from '../core/source/containerNames';

/**
 * Asks for a dataset folder: the workspace folders and their sub-folders, those that look like dataset roots
 * (folders of class folders, split folders) first and so the one Enter takes, then "Browse…" for anything else.
 */
export async function pickDatasetFolder(
  title = 'Dataset Lens: choose an image dataset folder',
): Promise<vscode.Uri | undefined> {
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri; dataset?: number })[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    items.push({
      label: `$(root-folder) ${folder.name}`,
      uri: folder.uri,
      ...(await described(folder.uri.fsPath)),
    });
    const entries = await fsp.readdir(folder.uri.fsPath, { withFileTypes: true }).catch(() => []);
    const subfolders = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => e.name)
      .sort()
      .slice(0, 200);
    for (const name of subfolders) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      items.push({
        label: `$(folder) ${name}`,
        uri,
        ...(await described(uri.fsPath, path.join(folder.name, name))),
      });
    }
  }
  // Stable: datasets first, each group in the order listed.
  items.sort((a, b) => (b.dataset ?? 0) - (a.dataset ?? 0));
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

/** A picker row's description: where the folder is, and what it looks like (a dataset, or a folder of datasets). */
async function described(folder: string, where = folder): Promise<{ description: string; dataset: number }> {
  const shape = await datasetShape(folder);
  // Nested class folders rank below plain datasets: a folder of class-folder datasets looks nested too.
  if (shape)
    return {
      description: `${describeShape(shape)} · ${where}`,
      dataset: shape.kind === 'classes' && shape.nested ? 1 : 2,
    };
  const inside = await datasetsInside(folder);
  if (inside.length >= 2) return { description: `holds ${inside.length} datasets · ${where}`, dataset: 0 };
  return { description: where, dataset: 0 };
}

/**
 * When the folder's "classes" look like datasets of their own (two or more hold class or split folders), asks
 * before analysing them as the classes of one dataset. The folder to analyse: this one, one of the datasets
 * inside (the default answer picks one), or undefined when the user closed the question.
 */
export async function confirmDatasetRoot(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  // A dataset root's split folders look like datasets too: only a folder that is none itself is asked about.
  if (folder.scheme !== 'file' || (await datasetShape(folder.fsPath))) return folder;
  const inside = await datasetsInside(folder.fsPath);
  if (inside.length < 2) return folder;
  const shown = inside.slice(0, 6).join(', ') + (inside.length > 6 ? ', …' : '');
  // The first button is the one Enter presses: the safe choice, which analyses nothing yet.
  const pick: vscode.MessageItem = { title: 'Choose one of them…' };
  const go: vscode.MessageItem = { title: 'Analyse as one dataset' };
  const answer = await vscode.window.showWarningMessage(
    `The folders in ${path.basename(folder.fsPath)} look like separate datasets (${shown}).`,
    {
      modal: true,
      detail:
        'Each holds class folders or split folders of its own. Analysed together they would be the classes of one ' +
        'dataset. Choose one of them to analyse it on its own.',
    },
    pick,
    go,
  );
  if (answer === go) return folder;
  if (answer !== pick) return undefined;
  const chosen = await vscode.window.showQuickPick(
    inside.map((name) => ({ label: `$(folder) ${name}`, name })),
    { title: `Dataset Lens: choose a dataset in ${path.basename(folder.fsPath)}` },
  );
  return chosen ? vscode.Uri.joinPath(folder, chosen.name) : undefined;
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
