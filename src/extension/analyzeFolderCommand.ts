import * as vscode from 'vscode';
import { analyzeDataset } from '../core/engine/analyzeDataset';
import { CancelledError } from '../core/util/errors';
import { showReportPanel } from './reportPanel';

/** Asks for a folder (unless the explorer gave one), analyses it in worker processes with cancellable progress. */
export async function analyzeFolderCommand(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const folder =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Analyze' }))?.[0];
  if (!folder) return;
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Dataset Lens: analysing', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        return analyzeDataset(
          folder.fsPath,
          {},
          {
            signal: controller.signal,
            onProgress: (p) => {
              const fraction = p.total ? p.done / p.total : 0;
              const increment = fraction * 100 - reported;
              reported = fraction * 100;
              progress.report({ message: `${p.done}/${p.total}${p.scanning ? '+' : ''} images`, increment });
            },
          },
        );
      },
    );
    showReportPanel(context, report);
  } catch (error) {
    if (error instanceof CancelledError) return;
    void vscode.window.showErrorMessage(`Dataset Lens: ${(error as Error).message}`);
  }
}
