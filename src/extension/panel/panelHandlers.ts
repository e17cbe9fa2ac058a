import * as path from 'node:path';
import * as vscode from 'vscode';
import { factsOfReport } from '../../core/codegen/datasetFacts';
import { isContainerLayout } from '../../core/source/container';
import { DATASET_KEY, datasetFieldFor } from '../../core/pipeline/pipelineDataset';
import { epochMs } from '../../protocol/epochMs';
import { messageOf } from '../../core/util/errors';
import type { HandlersOf } from '../../protocol/messageTypes';
import type {
  ExportAugmentedParams,
  ExportAugmentedResult,
  PanelSnapshot,
  PanelState,
  PipelineDocument,
  TabId,
  ToHost,
} from '../../protocol/messages';
import { getSettings } from '../config';
import { sourceOptions } from '../settings';
import { JobError } from '../jobs/jobClient';
import {
  exportFindings,
  moveToSuggestedClass,
  runFileAction,
  undoLastMove,
} from '../findings/findingActions';
import { exportStatsTo } from '../statsExport';
import { writeUserFile } from '../writeUserFile';
import { datasetFilePath, listedMember, reportLists } from './datasetFilePath';
import type { ProbeRun } from '../../core/probe/withMeasurements';
import { labelSafetyOf, labelSafetyView } from './labelSafetyView';
import type { PanelServices } from './panelServices';

/** What the handlers may read and do on their panel. */
export interface PanelContext {
  readonly root: string;
  readonly services: PanelServices;
  /** The panel's state as it is when a handler runs. */
  state(): PanelState;
  /**
   * Keeps the pipeline the webview sent (it has it already: no notification); `edited`: the user changed it, so
   * the default no longer follows the dataset (a preview or an export of the default is no edit).
   */
  keepPipeline(pipeline: PipelineDocument, edited?: boolean): void;
  /** Keeps the file the pipeline was saved to (the webview learns it from the answer). */
  keepPipelineFile(file: string): void;
  snapshot(restoredTab: TabId | null): PanelSnapshot;
  /** `content`: with the content checks; by default, as the report shown (a report with them keeps them). */
  analyze(content?: boolean): void;
  cancelAnalysis(): void;
  cancelExport(): void;
  exportAugmented(params: ExportAugmentedParams): Promise<ExportAugmentedResult>;
  /** The panel's last label-safety probe (its measurements join the rules' verdicts). */
  probeResult(): ProbeRun | null;
}

/**
 * What the host does for each message of the webview, one handler per message of `ToHost` (the compiler refuses
 * a table without one). Params arrive checked (validateWebviewMessage); file paths are resolved here, inside the
 * dataset only (datasetFilePath).
 */
export function panelHandlers(panel: PanelContext): HandlersOf<typeof ToHost> {
  const { root, services } = panel;
  const { jobs } = services;
  /** The files the Browse tab last listed (the scan's own listing): the panel may show them too. */
  let browsed: ReadonlySet<string> = new Set();

  /** The real path to open or read for a dataset-relative path from the webview. */
  const checkedPath = (file: string): Promise<string> => {
    const { followExternalLinks } = getSettings(vscode.Uri.file(root));
    const { report, partial } = panel.state();
    return datasetFilePath(root, file, {
      followExternalLinks,
      listed: (f) => browsed.has(f) || [report, partial].some((r) => r !== null && reportLists(r, f)),
    });
  };

  /** Whether `file` is a container member the report shown lists (read from the source, see listedMember). */
  const isMember = (file: string): boolean => {
    const { report, partial } = panel.state();
    const shown = report ?? partial;
    if (shown === null) return false;
    return listedMember(shown, file) || (isContainerLayout(shown.layout) && browsed.has(file));
  };
  /** Where members opened from the panel are written: the extension's own storage, never the dataset. */
  const memberDir = path.join(services.context.globalStorageUri.fsPath, 'members');

  return {
    ready: (params) => panel.snapshot(params.restoredTab),
    catalog: () => jobs.run({ type: 'catalog' }),
    openFile: async ({ file }) => {
      // A container's member is written out as a PNG and that file opened.
      const absolute = isMember(file)
        ? (await jobs.run({ type: 'memberFile', source: root, file, dir: memberDir })).path
        : await checkedPath(file);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(absolute), {
        preview: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
    },
    thumbnails: async ({ files, size }) => {
      const members = files.filter(isMember);
      const checked = await Promise.all(
        files
          .filter((file) => !members.includes(file))
          .map(async (file) => {
            try {
              return { file, path: await checkedPath(file) };
            } catch (error) {
              return { file, error: messageOf(error) };
            }
          }),
      );
      const readable = checked.filter((c): c is { file: string; path: string } => 'path' in c);
      const results = await jobs.run({
        type: 'thumbnails',
        files: readable,
        members: members.length ? { source: root, files: members } : undefined,
        size,
      });
      const byFile = new Map(results.map((r) => [r.file, r]));
      const refused = new Map(checked.flatMap((c) => ('error' in c ? [[c.file, c.error] as const] : [])));
      return files.map((file) => {
        const error = refused.get(file);
        if (error !== undefined) return { file, error };
        return byFile.get(file) ?? { file, error: 'not rendered' };
      });
    },
    similar: async ({ file, k }) => {
      await checkedPath(file);
      if (!getSettings(vscode.Uri.file(root)).cacheEnabled)
        throw new Error(
          'More like this reads the cache of the content checks: turn datasetLens.cache.enabled on',
        );
      const cacheDir = path.join(services.context.globalStorageUri.fsPath, 'cache');
      const { similar, compared } = await jobs.run({ type: 'similar', root, file, k, cacheDir });
      return { file, compared, similar };
    },
    browseIndex: async () => {
      const { cacheEnabled, followExternalLinks } = getSettings(vscode.Uri.file(root));
      const cacheDir = path.join(services.context.globalStorageUri.fsPath, 'cache');
      const index = await jobs.run({
        type: 'browse',
        root,
        cacheDir: cacheEnabled ? cacheDir : undefined,
        followExternalLinks,
      });
      browsed = new Set(index.files);
      return index;
    },
    imageDetails: async ({ file }) =>
      isMember(file)
        ? jobs.run({ type: 'imageDetails', file, source: root })
        : jobs.run({ type: 'imageDetails', file, path: await checkedPath(file) }),
    copyText: async ({ text, label }) => {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Dataset Lens: copied ${label}`, 3000);
    },
    preview: async (params) => {
      const hostIn = epochMs();
      panel.keepPipeline(params.pipeline);
      try {
        const result = await jobs.run({
          type: 'preview',
          root,
          ...params,
          ...sourceOptions(getSettings(vscode.Uri.file(root))),
        });
        const jobBack = epochMs();
        return {
          ok: true as const,
          seed: result.seed,
          rows: result.rows,
          unlistable: result.unlistable,
          ms: Math.round(jobBack - hostIn),
          labelSafety: labelSafetyView(panel.state().report, params.pipeline, panel.probeResult()),
          timing: { ...result.timing, hostIn, jobBack },
        };
      } catch (error) {
        if (error instanceof JobError && error.issues) return { ok: false as const, issues: error.issues };
        throw error;
      }
    },
    exportAugmented: (params) => {
      panel.keepPipeline(params.pipeline);
      return panel.exportAugmented(params);
    },
    exportPlan: (params) => {
      const { followExternalLinks } = getSettings(vscode.Uri.file(root));
      return jobs.run({ type: 'exportPlan', root, ...params, followExternalLinks });
    },
    exportCode: async ({ pipeline, target }) => {
      const { report, pipelineFile } = panel.state();
      try {
        const { code } = await jobs.run({
          type: 'exportCode',
          pipeline,
          target,
          pipelineFile: pipelineFile ? path.basename(pipelineFile) : undefined,
          facts: report ? factsOfReport(report, 'Dataset Lens analysis of', root) : {},
          labelSafety: labelSafetyOf(report, pipeline, panel.probeResult())?.transforms,
        });
        const document = await vscode.workspace.openTextDocument({ language: 'python', content: code });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
        return { ok: true };
      } catch (error) {
        if (error instanceof JobError && error.issues) return { ok: false, issues: error.issues };
        throw error;
      }
    },
    exportStats: async ({ format }) => {
      const { report } = panel.state();
      if (!report) throw new Error('No analysis yet');
      return { savedTo: await exportStatsTo(report, format) };
    },
    savePipeline: async ({ pipeline }) => {
      panel.keepPipeline(pipeline);
      const { pipelineFile } = panel.state();
      let target = pipelineFile ? vscode.Uri.file(pipelineFile) : undefined;
      if (!target) {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(root));
        target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(folder, 'augment.pipeline.json'),
          filters: { 'Augmentation pipeline': ['json'] },
          title: 'Save augmentation pipeline',
        });
        if (!target) return { file: null };
      }
      // The file names the dataset it was made on: Preview Augmentations on it opens this one, not the last panel.
      const { transforms, ...head } = pipeline;
      const tied = { ...head, [DATASET_KEY]: datasetFieldFor(root, target.fsPath), transforms };
      await writeUserFile(target, JSON.stringify(tied, null, 2) + '\n');
      panel.keepPipelineFile(target.fsPath);
      return { file: target.fsPath };
    },
    actOnFiles: async ({ action, files }) => {
      const { report } = panel.state();
      if (!report) throw new Error('No analysis yet');
      const result = await runFileAction(root, report, action, files, () => panel.analyze());
      // The report no longer describes the folder: analyse it again (cached records make that quick).
      if (result.done) panel.analyze();
      return result;
    },
    moveToSuggested: async ({ file }) => {
      const { report } = panel.state();
      if (!report) throw new Error('No analysis yet');
      const result = await moveToSuggestedClass(root, report, file, () => panel.analyze());
      if (result.done) panel.analyze();
      return result;
    },
    undoMove: async () => {
      const movedBack = await undoLastMove(root);
      if (movedBack) panel.analyze();
      return { movedBack };
    },
    exportFindings: ({ files }) => {
      const { report } = panel.state();
      if (!report) throw new Error('No analysis yet');
      return exportFindings(root, report, files);
    },
    analyze: () => panel.analyze(),
    analyzeContent: () => panel.analyze(true),
    cancelAnalysis: () => panel.cancelAnalysis(),
    cancelExport: () => panel.cancelExport(),
    editPipeline: ({ pipeline }) => panel.keepPipeline(pipeline, true),
  };
}
