import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATASET_KEY, datasetOfPipeline } from '../core/pipeline/pipelineDataset';
import { DatasetPanel } from './panel/datasetPanel';
import { pickDatasetFolder } from './pickers';

/** workspaceState key: pipeline file -> the dataset chosen for it, asked once. */
const CHOSEN_FOR_PIPELINE = 'datasetLens.pipelineDatasets';

/**
 * The dataset a command acts on when none was given: the only open panel's, or one the user picks among the open
 * panels (the active one first). Never silently the panel that happened to be active last.
 */
export async function chooseOpenDataset(title: string): Promise<string | undefined> {
  const roots = DatasetPanel.all.map((p) => p.root);
  if (roots.length === 1) return roots[0];
  if (roots.length === 0) return (await pickDatasetFolder(title))?.fsPath;
  return pickAmongPanels(roots, title);
}

/**
 * The dataset to preview a pipeline file on: the one its `dataset` field names; else the one chosen for this file
 * before; else asked (open panels first) and remembered for the file.
 */
export async function datasetForPipeline(
  context: vscode.ExtensionContext,
  file: vscode.Uri | null,
  document: unknown,
): Promise<string | undefined> {
  const chosen = context.workspaceState.get<Record<string, string>>(CHOSEN_FOR_PIPELINE, {});
  if (file) {
    const named = datasetOfPipeline(document, file.fsPath);
    if (named && existsSync(named)) return named;
    if (named)
      void vscode.window.showWarningMessage(
        `Dataset Lens: ${path.basename(file.fsPath)} names the dataset ${named} ("${DATASET_KEY}"), which does not exist: choose one.`,
      );
    const remembered = chosen[file.fsPath];
    if (!named && remembered && existsSync(remembered)) return remembered;
  }
  const title = `Dataset Lens: which dataset is ${file ? path.basename(file.fsPath) : 'the default pipeline'} for?`;
  const roots = DatasetPanel.all.map((p) => p.root);
  const root = roots.length ? await pickAmongPanels(roots, title) : (await pickDatasetFolder(title))?.fsPath;
  if (root && file)
    await context.workspaceState.update(CHOSEN_FOR_PIPELINE, { ...chosen, [file.fsPath]: root });
  return root;
}

async function pickAmongPanels(roots: readonly string[], title: string): Promise<string | undefined> {
  const active = DatasetPanel.active?.root;
  const items: (vscode.QuickPickItem & { root?: string })[] = [...roots]
    .sort((a, b) => Number(b === active) - Number(a === active))
    .map((root) => ({
      label: `$(preview) ${path.basename(root)}`,
      description: `${root === active ? 'active panel · ' : 'open panel · '}${vscode.workspace.asRelativePath(root)}`,
      root,
    }));
  items.push({ label: '$(folder-opened) Another dataset…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Dataset' });
  if (!picked) return undefined;
  return picked.root ?? (await pickDatasetFolder(title))?.fsPath;
}
