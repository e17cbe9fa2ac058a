import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS, type CommandId } from './commandIds';
import type { PanelServices } from './panel/panelServices';
import { registerPipelineDiagnostics } from './pipelineDiagnostics';

/** What activate returns: a small surface for the extension-host tests. */
export interface DatasetLensApi {
  panelRoots(): Promise<string[]>;
  whenAnalysed(root: string): Promise<{ images: number; classes: string[] } | undefined>;
  jobProcessRunning(): boolean;
}

/**
 * Activation registers the commands and the panel serializer only; the panel, engine client and job client are
 * loaded on first use (esbuild keeps them in this bundle, but nothing runs or forks until a command does).
 */
export function activate(context: vscode.ExtensionContext): DatasetLensApi {
  let services: PanelServices | undefined;
  const getServices = async (): Promise<PanelServices> => {
    if (services) return services;
    const { JobClient } = await import('./jobs/jobClient');
    const log = vscode.window.createOutputChannel('Dataset Lens', { log: true });
    const jobs = new JobClient(path.join(context.extensionPath, 'dist'));
    context.subscriptions.push(log, { dispose: () => jobs.dispose() });
    services = { context, jobs, log };
    return services;
  };

  let handlers: Promise<Record<CommandId, (...args: unknown[]) => unknown>> | undefined;
  const loadHandlers = () =>
    (handlers ??= Promise.all([import('./commands'), getServices()]).then(([{ commandHandlers }, s]) =>
      commandHandlers(s),
    ));

  for (const id of COMMAND_IDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await (await loadHandlers())[id](...args);
        } catch (error) {
          void vscode.window.showErrorMessage(`Dataset Lens: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );
  }

  // Pipeline files get validation and label-safety problems, judged against the analysed dataset.
  const reportsChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(reportsChanged);
  void import('./panel/datasetPanel').then(({ DatasetPanel }) =>
    context.subscriptions.push(DatasetPanel.onDidChangePanels(() => reportsChanged.fire())),
  );
  registerPipelineDiagnostics(
    context,
    async (file) => {
      // The panel editing this file, else the active one, else any analysed one.
      const { DatasetPanel } = await import('./panel/datasetPanel');
      const panel = [
        DatasetPanel.all.find((p) => p.currentPipeline.file === file),
        DatasetPanel.active,
        ...DatasetPanel.all,
      ].find((p) => p?.currentReport);
      return panel?.currentReport ? { report: panel.currentReport, probe: panel.probe.result } : undefined;
    },
    reportsChanged.event,
  );

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer('datasetLens.panel', {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const [{ DatasetPanel }, s] = await Promise.all([import('./panel/datasetPanel'), getServices()]);
        DatasetPanel.revive(s, panel, state as never);
      },
    }),
    {
      dispose: () => {
        // Panels hold engine runs and exports; close them with the extension.
        void import('./panel/datasetPanel').then(({ DatasetPanel }) => DatasetPanel.disposeAll());
      },
    },
  );

  return {
    async panelRoots() {
      const { DatasetPanel } = await import('./panel/datasetPanel');
      return DatasetPanel.all.map((p) => p.root);
    },
    async whenAnalysed(root: string) {
      const { DatasetPanel } = await import('./panel/datasetPanel');
      const panel = DatasetPanel.all.find((p) => p.root === path.resolve(root));
      if (!panel) return undefined;
      await panel.whenAnalysed();
      const report = panel.currentReport;
      return report ? { images: report.images, classes: report.classes.map((c) => c.name) } : undefined;
    },
    jobProcessRunning: () => services?.jobs.isRunning ?? false,
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
