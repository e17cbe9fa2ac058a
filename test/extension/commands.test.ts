/**
 * Runs inside the real extension host (code-server), with the workspace the e2e driver prepared (a copy of
 * media/sample under sample/). Checks command registration, activation, a panel's life and its disposal.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetLensApi } from '../../src/extension/extension';

const EXTENSION_ID = 'dataset-lens.dataset-lens';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Dataset Lens in the extension host', () => {
  let api: DatasetLensApi;
  const sample = () => path.join(workspaceDir(), 'sample');

  it('is not active before a command runs, and activates quickly', async () => {
    const extension = vscode.extensions.getExtension<DatasetLensApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const started = Date.now();
    api = await extension.activate();
    const ms = Date.now() - started;
    assert.ok(ms < 2000, `activation took ${ms} ms`);
  });

  it('registers every command package.json contributes, and nothing more', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared = (extension.packageJSON.contributes.commands as { command: string }[])
      .map((c) => c.command)
      .sort();
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('datasetLens.'))
      .sort();
    assert.deepEqual(registered, declared);
  });

  it('Analyze Folder opens a panel with the report, closing it disposes the panel', async () => {
    const root = (await vscode.commands.executeCommand<string>(
      'datasetLens.analyzeFolder',
      vscode.Uri.file(sample()),
    ))!;
    assert.equal(root, sample());
    const summary = await api.whenAnalysed(root);
    assert.ok(summary, 'the analysis produced a report');
    assert.deepEqual(summary.classes, ['circle', 'square', 'star', 'triangle']);
    assert.ok(summary.images > 290, `${summary.images} images decoded`);
    assert.deepEqual(await api.panelRoots(), [root]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to be disposed', async () =>
      (await api.panelRoots()).length === 0 ? true : undefined,
    );
  });

  it('closing a panel while it analyses cancels the analysis', async () => {
    await vscode.commands.executeCommand('datasetLens.clearCache');
    const root = (await vscode.commands.executeCommand<string>(
      'datasetLens.analyzeFolder',
      vscode.Uri.file(sample()),
    ))!;
    const done = api.whenAnalysed(root);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to be disposed', async () =>
      (await api.panelRoots()).length === 0 ? true : undefined,
    );
    await done; // settles (cancelled), does not hang
  });

  it('Export Normalization Stats writes JSON with per-channel mean and std', async () => {
    const root = (await vscode.commands.executeCommand<string>(
      'datasetLens.analyzeFolder',
      vscode.Uri.file(sample()),
    ))!;
    await api.whenAnalysed(root);
    const out = path.join(workspaceDir(), 'out-ext', 'stats.json');
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(out)));
    const written = await vscode.commands.executeCommand<string>('datasetLens.exportStats', {
      format: 'json',
      out,
    });
    assert.equal(written, out);
    const stats = JSON.parse(readFileSync(out, 'utf8')) as {
      mean: number[];
      std: number[];
      channels: number;
    };
    assert.equal(stats.channels, 3);
    assert.equal(stats.mean.length, 3);
    assert.ok(stats.std.every((s) => s > 0 && s < 1));
  });

  it('Export Augmented Dataset writes images and a manifest, in a job process that is then stopped', async () => {
    const out = path.join(workspaceDir(), 'out-ext', 'augmented');
    const result = await vscode.commands.executeCommand<{ status: string; written: number }>(
      'datasetLens.exportAugmented',
      undefined,
      {
        root: sample(),
        out,
      },
    );
    assert.equal(result?.status, 'done');
    assert.ok(existsSync(path.join(out, 'augment-manifest.json')));
    assert.ok(readdirSync(path.join(out, 'train', 'circle')).length > 100);
  });

  it('New Augmentation Pipeline creates a *.pipeline.json file and opens it', async () => {
    const file = (await vscode.commands.executeCommand<string>('datasetLens.newPipeline'))!;
    assert.match(path.basename(file), /^augment(-\d+)?\.pipeline\.json$/);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { version: number; transforms: unknown[] };
    assert.equal(document.version, 1);
    assert.ok(document.transforms.length > 0);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('panels to close', async () => ((await api.panelRoots()).length === 0 ? true : undefined));
  });
});
