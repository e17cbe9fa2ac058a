import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PipelineDocument, StatsFormat, TabId } from '../protocol/messages';
import { chooseOpenDataset, datasetForPipeline } from './datasetChoice';
import { DatasetPanel } from './panel/datasetPanel';
import { runExport } from './panel/exportWorkflow';
import type { PanelServices } from './panel/panelServices';
import {
  confirmDatasetRoot,
  isDatasetSource,
  isFolder,
  pickDatasetFolder,
  pickPipelineFile,
} from './pickers';
import { defaultPipeline, freePipelineName, pipelineFileText } from './pipelines';
import { getSettings } from './config';
import { exportStatsTo } from './statsExport';
import type { CommandId } from './commandIds';
import { writeUserFile } from './writeUserFile';

/** Options scripts and tests may pass to skip the dialogs. */
export interface ExportStatsArgs {
  format?: StatsFormat;
  out?: string;
  /** The dataset (else the only open panel's, or asked). */
  root?: string;
}

export interface ExportAugmentedArgs {
  root?: string;
  out?: string;
  copies?: number;
  balance?: boolean;
  /** Write each source unaugmented too. */
  keepOriginals?: boolean;
  /** Export without asking while a step breaks labels. */
  acceptLabelBreaks?: boolean;
}

/** The handlers, keyed by command id. Loaded lazily by extension.ts on the first command. */
export function commandHandlers(services: PanelServices): Record<CommandId, (...args: unknown[]) => unknown> {
  const analyze = async (uri?: unknown, tab?: TabId) => {
    const folder = uriArg(uri);
    const picked = isDatasetSource(folder) ? folder : await pickDatasetFolder();
    // A container file is one dataset; only a folder can be a folder of datasets.
    const root = picked && isFolder(picked) ? await confirmDatasetRoot(picked) : picked;
    if (!root) return undefined;
    const panel = DatasetPanel.show(services, root.fsPath, { tab, reanalyze: true });
    return panel.root;
  };

  return {
    'datasetLens.analyzeFolder': (uri) => analyze(uri),
    'datasetLens.analyzeDataset': (uri) => analyze(uri),

    'datasetLens.openPanel': async () => {
      const panel = DatasetPanel.active;
      if (panel) {
        panel.panel.reveal();
        return panel.root;
      }
      return analyze(undefined);
    },

    'datasetLens.augmentDataset': async (uri) => {
      const folder = uriArg(uri);
      const root = isDatasetSource(folder)
        ? folder
        : await pickDatasetFolder('Dataset Lens: choose the dataset to augment');
      if (!root) return undefined;
      const panel = DatasetPanel.show(services, root.fsPath, { tab: 'augment' });
      return panel.root;
    },

    'datasetLens.newPipeline': async () => {
      const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
      const pipeline = DatasetPanel.active?.currentPipeline.pipeline ?? defaultPipeline();
      let target: vscode.Uri | undefined;
      if (folder) {
        target = vscode.Uri.joinPath(
          folder,
          freePipelineName((name) => existsSync(path.join(folder.fsPath, name))),
        );
        await writeUserFile(target, pipelineFileText(pipeline));
      } else {
        target = await vscode.window.showSaveDialog({
          title: 'New augmentation pipeline',
          filters: { 'Augmentation pipeline': ['json'] },
        });
        if (!target) return undefined;
        await writeUserFile(target, pipelineFileText(pipeline));
      }
      await vscode.window.showTextDocument(target);
      DatasetPanel.active?.setPipeline(pipeline, target.fsPath);
      return target.fsPath;
    },

    'datasetLens.previewAugmentations': async (uri) => {
      const file = await pickPipelineFile(uriArg(uri));
      if (file === undefined) return undefined;
      const pipeline = file ? await readPipeline(file) : defaultPipeline();
      if (!pipeline) return undefined;
      // The file's dataset field, or the dataset chosen for it once: never whichever panel was active last.
      const root = await datasetForPipeline(services.context, file, pipeline);
      if (!root) return undefined;
      DatasetPanel.show(services, root, { tab: 'augment', pipeline, pipelineFile: file?.fsPath });
      return root;
    },

    'datasetLens.exportAugmented': async (uri, rawArgs) => {
      const args = (rawArgs ?? {}) as ExportAugmentedArgs;
      const given = uriArg(uri);
      const fromFile = given && !isFolder(given) ? given : undefined;
      const fromFileDocument = fromFile ? await readPipeline(fromFile) : undefined;
      if (fromFile && !fromFileDocument) return undefined;
      let root = args.root ?? (isFolder(given) ? given.fsPath : undefined);
      if (!root && fromFile) root = await datasetForPipeline(services.context, fromFile, fromFileDocument);
      if (!root) root = await chooseOpenDataset('Dataset Lens: choose the dataset to augment');
      if (!root) return undefined;
      const panel = DatasetPanel.all.find((p) => p.root === path.resolve(root));
      let pipeline: PipelineDocument | undefined;
      if (fromFile) pipeline = fromFileDocument;
      else if (panel) pipeline = panel.currentPipeline.pipeline;
      else {
        const file = await pickPipelineFile();
        if (file === undefined) return undefined;
        pipeline = file ? await readPipeline(file) : defaultPipeline();
      }
      if (!pipeline) return undefined;
      const params = {
        pipeline,
        copies: args.copies ?? 1,
        balance: args.balance ?? false,
        keepOriginals: args.keepOriginals ?? false,
        format: null,
      };
      const result = panel
        ? await panel.exportAugmented(params, args.out, args.acceptLabelBreaks)
        : await runExport(
            services,
            root,
            params,
            args.out,
            () => undefined,
            () => undefined,
          );
      if (result.status === 'invalid') {
        void vscode.window.showErrorMessage(
          `Dataset Lens: invalid pipeline: ${result.issues.map((i) => i.message).join('; ')}`,
        );
      }
      return result;
    },

    'datasetLens.exportStats': async (rawArgs) => {
      const args = (
        rawArgs && typeof rawArgs === 'object' && !(rawArgs instanceof vscode.Uri) ? rawArgs : {}
      ) as ExportStatsArgs;
      const root =
        args.root ??
        (await chooseOpenDataset('Dataset Lens: export the normalization statistics of which dataset?'));
      if (!root) return undefined;
      const panel =
        DatasetPanel.all.find((p) => p.root === path.resolve(root)) ?? DatasetPanel.show(services, root);
      await panel.whenAnalysed();
      const report = panel.currentReport;
      if (!report?.stats) {
        void vscode.window.showErrorMessage(
          'Dataset Lens: no statistics to export (the analysis has not finished or found no image).',
        );
        return undefined;
      }
      let format = args.format;
      if (!format) {
        const picked = await vscode.window.showQuickPick(
          [
            {
              label: 'JSON',
              description: 'mean, std, min, max, per split and class',
              format: 'json' as const,
            },
            { label: 'Keras', description: 'Rescaling + Normalization layers', format: 'keras' as const },
            { label: 'PyTorch', description: 'torchvision transforms.Normalize', format: 'pytorch' as const },
          ],
          { title: 'Dataset Lens: export normalization statistics as' },
        );
        if (!picked) return undefined;
        format = picked.format;
      }
      return exportStatsTo(report, format, args.out);
    },

    // The rules judge every preview; this measures what training with each step of the panel's pipeline costs.
    'datasetLens.probeLabelSafety': async (uri) => {
      const folder = uriArg(uri);
      let panel = isFolder(folder)
        ? DatasetPanel.show(services, folder.fsPath, { tab: 'augment' })
        : DatasetPanel.active;
      if (!panel) {
        const root = await pickDatasetFolder(
          'Dataset Lens: choose the dataset to check the pipeline against',
        );
        if (!root) return undefined;
        panel = DatasetPanel.show(services, root.fsPath, { tab: 'augment' });
      }
      panel.panel.reveal();
      panel.showTab('augment');
      // The pipeline a fresh panel shows follows the analysis (no flip for digits): measure that one.
      await panel.whenAnalysed();
      const outcome = await panel.probeLabelSafety();
      if (outcome.status === 'invalid')
        void vscode.window.showErrorMessage(
          `Dataset Lens: fix the pipeline first: ${outcome.issues.map((i) => i.message).join('; ')}`,
        );
      if (outcome.status === 'failed')
        void vscode.window.showErrorMessage(
          `Dataset Lens: the label-safety probe failed: ${outcome.message}`,
        );
      return outcome;
    },

    'datasetLens.clearCache': async () => {
      const cache = path.join(services.context.globalStorageUri.fsPath, 'cache');
      await fsp.rm(cache, { recursive: true, force: true });
      const enabled = getSettings().cacheEnabled;
      void vscode.window.showInformationMessage(
        `Dataset Lens: cache cleared${enabled ? '' : ' (caching is off in settings)'}.`,
      );
      return cache;
    },
  };
}

function uriArg(value: unknown): vscode.Uri | undefined {
  return value instanceof vscode.Uri ? value : undefined;
}

async function readPipeline(file: vscode.Uri): Promise<PipelineDocument | undefined> {
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'),
    );
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('expected a JSON object');
    return parsed as PipelineDocument;
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Dataset Lens: cannot read ${vscode.workspace.asRelativePath(file)}: ${(error as Error).message}`,
    );
    return undefined;
  }
}
