import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeProgress } from '../../core/engine/analyzeOptions';
import { analyzeInEngineProcess } from '../jobs/engineClient';
import type { DatasetReport } from '../../core/engine/report';
import { getSettings } from '../config';
import { analyzeOptions } from '../settings';
import type { PanelServices } from './panelServices';

export interface AnalysisListener {
  progress(progress: AnalyzeProgress): void;
  /** A snapshot of the report so far (marked `partial`), while the run goes on. */
  snapshot(report: DatasetReport): void;
}

/**
 * Analyses `root` in the engine process with the folder's settings (and the content checks when `content`), under
 * a cancellable progress notification (cancelling it aborts `controller`). Rejects with CancelledError when aborted.
 */
export async function analyseWithNotification(
  services: PanelServices,
  root: string,
  controller: AbortController,
  content: boolean,
  listener: AnalysisListener,
): Promise<DatasetReport> {
  const settings = getSettings(vscode.Uri.file(root));
  const cacheDir = path.join(services.context.globalStorageUri.fsPath, 'cache');
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Dataset Lens: analysing ${path.basename(root)}${content ? ' (content)' : ''}`,
      cancellable: true,
    },
    (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      const options = { ...analyzeOptions(settings, cacheDir), ...(content ? { content: true } : {}) };
      return analyzeInEngineProcess(root, options, {
        signal: controller.signal,
        onProgress: (p) => {
          listener.progress(p);
          const percent = p.total ? (p.done / p.total) * 100 : 0;
          progress.report({
            message: p.map
              ? `content map: ${p.map.done}/${p.map.total} epochs`
              : `${p.done}/${p.total}${p.scanning ? '+' : ''} files`,
            increment: percent - reported,
          });
          reported = percent;
        },
        onSnapshot: (report) => listener.snapshot(report),
        // How the run goes (e.g. fewer content workers than asked): logged and shown as the CLI prints it.
        onNotice: (message) => {
          services.log.info(message);
          void vscode.window.showInformationMessage(`Dataset Lens: ${message}`);
        },
      });
    },
  );
}
