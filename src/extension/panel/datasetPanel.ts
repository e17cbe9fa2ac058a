import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { factsOfReport } from '../../core/codegen/datasetFacts';
import type { AnalyzeProgress } from '../../core/engine/analyzeDataset';
import { analyzeInEngineProcess } from '../jobs/engineClient';
import type { DatasetReport } from '../../core/engine/report';
import { CancelledError, messageOf } from '../../core/util/errors';
import { isWithin } from '../../core/util/pathContainment';
import { realpathOfFuturePath } from '../../core/util/realPath';
import {
  ToHost,
  ToWebview,
  type ExportAugmentedParams,
  type ExportAugmentedResult,
  type PanelSettings,
  type PanelSnapshot,
  type PipelineDocument,
  type TabId,
  type ToHostMessage,
  type ToWebviewMessage,
  type WebviewState,
} from '../../protocol/messages';
import { RpcEndpoint, type Envelope } from '../../protocol/rpc';
import { validateWebviewMessage } from '../../protocol/validateWebviewMessage';
import { datasetFilePath } from './datasetFilePath';
import { getSettings } from '../config';
import { analyzeOptions } from '../settings';
import { JobClient, JobError } from '../jobs/jobClient';
import { labelContextOf } from '../jobs/jobProtocol';
import { defaultPipeline } from '../pipelines';
import { exportStatsTo } from '../statsExport';
import { panelHtml } from './panelHtml';
import { writeUserFile } from '../writeUserFile';

export const PANEL_VIEW_TYPE = 'datasetLens.panel';

export interface ShowOptions {
  tab?: TabId;
  pipeline?: PipelineDocument;
  pipelineFile?: string;
  /** Re-run the analysis even when the panel already has a report. */
  reanalyze?: boolean;
}

/** Shared services every panel uses (one job process for the window). */
export interface PanelServices {
  context: vscode.ExtensionContext;
  jobs: JobClient;
  log: vscode.LogOutputChannel;
}

/**
 * One panel per dataset folder. The host side keeps the report (so a hidden panel's webview, which is torn down,
 * redraws at once when shown again) and runs every heavy step in a child process: the analysis in the engine
 * process, previews, thumbnails and exports in the job process.
 */
export class DatasetPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DatasetPanel>();
  private static lastActive: DatasetPanel | undefined;
  private static readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes (tests wait on it). */
  static readonly onDidChangePanels = DatasetPanel.changeEmitter.event;

  private rpc: RpcEndpoint<ToWebviewMessage, ToHostMessage>;
  private report: DatasetReport | null = null;
  /** The running analysis's latest partial report: shown, never used as a result (exports, diagnostics). */
  private partial: DatasetReport | null = null;
  private progress: AnalyzeProgress | null = null;
  private error: string | null = null;
  private analysis: AbortController | undefined;
  private analysisDone: Promise<void> = Promise.resolve();
  private exportRun: AbortController | undefined;
  private pipeline: PipelineDocument | null = null;
  private pipelineFile: string | null = null;
  private requestedTab: TabId | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static get all(): readonly DatasetPanel[] {
    return [...DatasetPanel.panels.values()];
  }

  static get active(): DatasetPanel | undefined {
    return DatasetPanel.lastActive && !DatasetPanel.lastActive.disposed
      ? DatasetPanel.lastActive
      : DatasetPanel.all.at(-1);
  }

  /** Opens (or reveals) the panel of `root`, analysing it when it has no report yet. */
  static show(services: PanelServices, root: string, options: ShowOptions = {}): DatasetPanel {
    const key = rootKey(root);
    let panel = DatasetPanel.panels.get(key);
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        panelTitle(root),
        vscode.ViewColumn.Active,
        webviewOptions(services.context),
      );
      panel = new DatasetPanel(services, webviewPanel, path.resolve(root));
      if (options.pipeline) panel.setPipeline(options.pipeline, options.pipelineFile ?? null);
      if (options.tab) panel.requestedTab = options.tab;
      panel.analyze();
      return panel;
    }
    panel.panel.reveal();
    if (options.pipeline) panel.setPipeline(options.pipeline, options.pipelineFile ?? null);
    if (options.tab) panel.showTab(options.tab);
    if (options.reanalyze || (!panel.report && !panel.analysis)) panel.analyze();
    return panel;
  }

  /** Re-creates a panel VS Code restored after a reload, from the state its webview persisted. */
  static revive(
    services: PanelServices,
    webviewPanel: vscode.WebviewPanel,
    state: WebviewState | undefined,
  ): void {
    const root = typeof state?.root === 'string' && path.isAbsolute(state.root) ? state.root : undefined;
    if (!root || DatasetPanel.panels.has(rootKey(root))) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = webviewOptions(services.context);
    webviewPanel.title = panelTitle(root);
    const panel = new DatasetPanel(services, webviewPanel, path.resolve(root));
    if (state?.pipeline && typeof state.pipeline === 'object') {
      panel.pipeline = state.pipeline;
      panel.pipelineFile = typeof state.pipelineFile === 'string' ? state.pipelineFile : null;
    }
    panel.analyze();
  }

  static disposeAll(): void {
    for (const panel of DatasetPanel.all) panel.dispose();
  }

  private constructor(
    private readonly services: PanelServices,
    readonly panel: vscode.WebviewPanel,
    readonly root: string,
  ) {
    DatasetPanel.panels.set(rootKey(root), this);
    DatasetPanel.lastActive = this;
    this.rpc = this.createEndpoint();
    panel.webview.html = panelHtml(panel.webview, services.context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) DatasetPanel.lastActive = this;
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datasetLens'))
          this.rpc.notify(ToWebview.didChangeSettings, this.panelSettings());
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.onSavedDocument(document)),
    );
    DatasetPanel.changeEmitter.fire();
  }

  get currentReport(): DatasetReport | null {
    return this.report;
  }

  get currentPipeline(): { pipeline: PipelineDocument; file: string | null } {
    return { pipeline: this.pipeline ?? defaultPipeline(this.report), file: this.pipelineFile };
  }

  /** Resolves when the running analysis (if any) has finished, failed or been cancelled. */
  whenAnalysed(): Promise<void> {
    return this.analysisDone;
  }

  showTab(tab: TabId): void {
    this.requestedTab = tab;
    this.rpc.notify(ToWebview.didRequestTab, { tab });
  }

  setPipeline(pipeline: PipelineDocument, file: string | null): void {
    this.pipeline = pipeline;
    this.pipelineFile = file;
    this.rpc.notify(ToWebview.didChangePipeline, { pipeline, file });
  }

  /** Runs (or re-runs) the analysis in the engine process, streaming progress to the panel and a notification. */
  analyze(): void {
    this.analysis?.abort();
    const controller = new AbortController();
    this.analysis = controller;
    this.error = null;
    this.progress = null;
    this.partial = null;
    this.rpc.notify(ToWebview.didStartAnalysis, { root: this.root });
    const settings = getSettings(vscode.Uri.file(this.root));
    const cacheDir = path.join(this.services.context.globalStorageUri.fsPath, 'cache');
    const started = Date.now();
    this.analysisDone = Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Dataset Lens: analysing ${path.basename(this.root)}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          try {
            const report = await analyzeInEngineProcess(this.root, analyzeOptions(settings, cacheDir), {
              signal: controller.signal,
              onProgress: (p) => {
                this.progress = p;
                this.rpc.notify(ToWebview.didProgress, p);
                const percent = p.total ? (p.done / p.total) * 100 : 0;
                progress.report({
                  message: `${p.done}/${p.total}${p.scanning ? '+' : ''} images`,
                  increment: percent - reported,
                });
                reported = percent;
              },
              onPartial: (report) => {
                if (this.analysis !== controller || this.disposed) return;
                this.partial = report;
                this.rpc.notify(ToWebview.didPartialAnalysis, { report });
              },
            });
            if (this.analysis !== controller || this.disposed) return;
            this.report = report;
            this.partial = null;
            DatasetPanel.changeEmitter.fire(); // pipeline diagnostics judge against the new report
            this.services.log.info(
              `Analysed ${this.root}: ${report.images} images in ${Date.now() - started} ms`,
            );
            this.rpc.notify(ToWebview.didFinishAnalysis, { report });
            // Until the user edits or opens a pipeline, the default follows the dataset: no flip for digits.
            if (
              !this.pipelineFile &&
              (!this.pipeline || isDeepStrictEqual(this.pipeline, defaultPipeline()))
            ) {
              this.pipeline = defaultPipeline(report);
              this.rpc.notify(ToWebview.didChangePipeline, { pipeline: this.pipeline, file: null });
            }
          } catch (error) {
            if (this.analysis !== controller || this.disposed) return;
            const cancelled = error instanceof CancelledError;
            this.partial = null;
            this.error = cancelled ? 'Analysis cancelled' : messageOf(error);
            if (!cancelled) this.services.log.error(`Analysis of ${this.root} failed: ${this.error}`);
            this.rpc.notify(ToWebview.didFailAnalysis, { message: this.error, cancelled });
          } finally {
            if (this.analysis === controller) this.analysis = undefined;
          }
        },
      ),
    );
  }

  cancelAnalysis(): void {
    this.analysis?.abort();
  }

  /** Used by the Export Augmented Dataset command when the panel is open. */
  exportAugmented(params: ExportAugmentedParams, out?: string): Promise<ExportAugmentedResult> {
    return runExport(
      this.services,
      this.root,
      params,
      out,
      (controller) => (this.exportRun = controller),
      (p) => this.rpc.notify(ToWebview.didExportProgress, p),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.analysis?.abort();
    this.exportRun?.abort();
    this.rpc.close('the Dataset Lens panel was closed');
    DatasetPanel.panels.delete(rootKey(this.root));
    if (DatasetPanel.lastActive === this) DatasetPanel.lastActive = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    DatasetPanel.changeEmitter.fire();
  }

  private onMessage(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.services.log.warn(`Rejected a message from the panel: ${checked.error}`);
      if (checked.replyTo !== undefined) {
        void this.panel.webview.postMessage({
          kind: 'response',
          id: checked.replyTo,
          ok: false,
          error: checked.error,
        } satisfies Envelope);
      }
      return;
    }
    this.rpc.receive(checked.message);
  }

  private createEndpoint(): RpcEndpoint<ToWebviewMessage, ToHostMessage> {
    const rpc = new RpcEndpoint<ToWebviewMessage, ToHostMessage>(
      (message) => this.panel.webview.postMessage(message),
      (error, method) => this.services.log.error(`${method}: ${messageOf(error)}`),
    );
    const { jobs } = this.services;
    rpc.onRequest(ToHost.ready, (params) => this.snapshot(params.restoredTab));
    rpc.onRequest(ToHost.catalog, () => jobs.run({ type: 'catalog' }));
    rpc.onRequest(ToHost.openFile, async ({ file }) => {
      const absolute = await this.checkedPath(file);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(absolute), {
        preview: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
    });
    rpc.onRequest(ToHost.thumbnails, async ({ files, size }) => {
      const checked = await Promise.all(
        files.map(async (file) => {
          try {
            return { file, path: await this.checkedPath(file) };
          } catch (error) {
            return { file, error: messageOf(error) };
          }
        }),
      );
      const readable = checked.filter((c): c is { file: string; path: string } => 'path' in c);
      const results = await jobs.run({ type: 'thumbnails', files: readable, size });
      const byFile = new Map(results.map((r) => [r.file, r]));
      return checked.map((c) =>
        'error' in c
          ? { file: c.file, error: c.error }
          : (byFile.get(c.file) ?? { file: c.file, error: 'not rendered' }),
      );
    });
    rpc.onRequest(ToHost.copyText, async ({ text, label }) => {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Dataset Lens: copied ${label}`, 3000);
    });
    rpc.onRequest(ToHost.preview, async (params) => {
      this.pipeline = params.pipeline;
      const started = Date.now();
      try {
        const labelContext = this.report ? labelContextOf(this.report) : undefined;
        const { followExternalLinks } = getSettings(vscode.Uri.file(this.root));
        const result = await jobs.run({
          type: 'preview',
          root: this.root,
          ...params,
          labelContext,
          followExternalLinks,
        });
        return {
          ok: true as const,
          seed: result.seed,
          rows: result.rows,
          ms: Date.now() - started,
          labelWarnings: result.labelWarnings,
        };
      } catch (error) {
        if (error instanceof JobError && error.issues) return { ok: false as const, issues: error.issues };
        throw error;
      }
    });
    rpc.onRequest(ToHost.exportAugmented, (params) => {
      this.pipeline = params.pipeline;
      return this.exportAugmented(params);
    });
    rpc.onRequest(ToHost.exportCode, async ({ pipeline, target }) => {
      try {
        const { code } = await jobs.run({
          type: 'exportCode',
          pipeline,
          target,
          pipelineFile: this.pipelineFile ? path.basename(this.pipelineFile) : undefined,
          facts: this.report ? factsOfReport(this.report, 'Dataset Lens analysis of', this.root) : {},
        });
        const document = await vscode.workspace.openTextDocument({ language: 'python', content: code });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
        return { ok: true };
      } catch (error) {
        if (error instanceof JobError && error.issues) return { ok: false, issues: error.issues };
        throw error;
      }
    });
    rpc.onRequest(ToHost.exportStats, async ({ format }) => {
      if (!this.report) throw new Error('No analysis yet');
      return { savedTo: await exportStatsTo(this.report, format) };
    });
    rpc.onRequest(ToHost.savePipeline, async ({ pipeline }) => {
      this.pipeline = pipeline;
      let target = this.pipelineFile ? vscode.Uri.file(this.pipelineFile) : undefined;
      if (!target) {
        const folder =
          vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(this.root));
        target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(folder, 'augment.pipeline.json'),
          filters: { 'Augmentation pipeline': ['json'] },
          title: 'Save augmentation pipeline',
        });
        if (!target) return { file: null };
      }
      await writeUserFile(target, JSON.stringify(pipeline, null, 2) + '\n');
      this.pipelineFile = target.fsPath;
      return { file: target.fsPath };
    });
    rpc.onNotification(ToHost.analyze, () => this.analyze());
    rpc.onNotification(ToHost.cancelAnalysis, () => this.cancelAnalysis());
    rpc.onNotification(ToHost.cancelExport, () => this.exportRun?.abort());
    rpc.onNotification(ToHost.editPipeline, ({ pipeline }) => (this.pipeline = pipeline));
    return rpc;
  }

  /** The real path to open or read for a dataset-relative path from the webview (see datasetFilePath). */
  private checkedPath(file: string): Promise<string> {
    const { followExternalLinks } = getSettings(vscode.Uri.file(this.root));
    return datasetFilePath(this.root, file, { followExternalLinks, listed: (f) => this.reportNames(f) });
  }

  /** Whether the report shown (finished or partial) lists `file` among its issues or duplicate groups. */
  private reportNames(file: string): boolean {
    return [this.report, this.partial].some(
      (report) =>
        report !== null &&
        (report.issues.some((i) => i.file === file) ||
          report.quality.duplicates.exact.some((g) => g.files.includes(file)) ||
          report.quality.duplicates.near.some((g) => g.files.includes(file))),
    );
  }

  private snapshot(restoredTab: TabId | null): PanelSnapshot {
    const tab = this.requestedTab ?? restoredTab;
    this.requestedTab = null;
    return {
      root: this.root,
      rootName: path.basename(this.root),
      report: this.report,
      partial: this.partial,
      analysing: this.analysis !== undefined,
      progress: this.progress,
      error: this.error,
      pipeline: this.pipeline ?? defaultPipeline(this.report),
      pipelineFile: this.pipelineFile,
      settings: this.panelSettings(),
      tab,
    };
  }

  private panelSettings(): PanelSettings {
    const s = getSettings(vscode.Uri.file(this.root));
    return {
      thumbnailSize: s.thumbnailSize,
      previewPerClass: s.previewPerClass,
      previewVariants: s.previewVariants,
    };
  }

  private onSavedDocument(document: vscode.TextDocument): void {
    if (!this.pipelineFile || document.uri.fsPath !== this.pipelineFile) return;
    try {
      const parsed: unknown = JSON.parse(document.getText());
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        this.setPipeline(parsed as PipelineDocument, this.pipelineFile);
    } catch {
      // Invalid JSON while editing: the JSON language service already shows it.
    }
  }
}

/**
 * Asks where to write, then runs the export in its own job process (the shared one stays free for previews),
 * with a cancellable notification. `out` skips the question (tests, scripted use).
 */
export async function runExport(
  services: PanelServices,
  root: string,
  params: ExportAugmentedParams,
  out: string | undefined,
  track: (controller: AbortController) => void,
  onProgress: (p: { done: number; total: number; failed: number }) => void,
): Promise<ExportAugmentedResult> {
  const target = out ?? (await askExportFolder(root));
  if (!target) return { status: 'cancelled' };
  const settings = getSettings(vscode.Uri.file(root));
  const controller = new AbortController();
  track(controller);
  const jobs = new JobClient(services.jobs.distDir, 1000);
  try {
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Dataset Lens: exporting to ${path.basename(target)}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          const summary = await jobs.run(
            {
              type: 'export',
              root,
              out: target,
              concurrency: settings.exportConcurrency,
              followExternalLinks: settings.followExternalLinks,
              ...params,
            },
            {
              signal: controller.signal,
              onProgress: (p) => {
                onProgress(p);
                const percent = p.total ? (p.done / p.total) * 100 : 0;
                progress.report({ message: `${p.done}/${p.total}`, increment: percent - reported });
                reported = percent;
              },
            },
          );
          services.log.info(`Exported ${summary.written} file(s) to ${summary.out} in ${summary.seconds} s`);
          void vscode.window
            .showInformationMessage(
              `Dataset Lens: wrote ${summary.written} augmented image(s) to ${summary.out}`,
              'Reveal in Explorer',
            )
            .then((choice) => {
              if (choice)
                void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(summary.manifest));
            });
          return {
            status: 'done' as const,
            out: summary.out,
            written: summary.written,
            outputs: summary.outputs,
            failed: summary.failed,
            seconds: summary.seconds,
          };
        } catch (error) {
          if (error instanceof CancelledError) return { status: 'cancelled' as const };
          if (error instanceof JobError && error.issues)
            return { status: 'invalid' as const, issues: error.issues };
          throw error;
        }
      },
    );
  } finally {
    jobs.dispose();
  }
}

async function askExportFolder(root: string): Promise<string | undefined> {
  const suggestion = `${root.replace(/[\\/]+$/, '')}-augmented`;
  const answer = await vscode.window.showInputBox({
    title: 'Export augmented dataset',
    prompt: 'Output folder (absolute path): new, empty, or an earlier export of the same settings to resume',
    value: suggestion,
    valueSelection: [suggestion.length - 'augmented'.length, suggestion.length],
    validateInput: (value) => {
      if (!path.isAbsolute(value)) return 'Give an absolute path';
      return outputOverlapsDataset(root, value);
    },
  });
  return answer?.trim() || undefined;
}

/** Why `out` cannot receive an export of `root` (links resolved), or undefined; the export re-checks every folder. */
function outputOverlapsDataset(root: string, out: string): string | undefined {
  try {
    const [realRoot, realOut] = [realpathOfFuturePath(root), realpathOfFuturePath(out)];
    if (isWithin(realRoot, realOut)) return 'The output must not be inside the dataset';
    if (isWithin(realOut, realRoot)) return 'The output must not contain the dataset';
  } catch {
    // An unreadable path: the export itself says what is wrong with it.
  }
  return undefined;
}

function webviewOptions(
  context: vscode.ExtensionContext,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // Users flip between the report and the images it lists: re-creating the page on every return would re-send
    // a large dataset's report, redraw its charts and lose the scroll position (and, in VS Code for the Web, a
    // page torn down mid-load stalls the next one's service worker for 30 s).
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
  };
}

function panelTitle(root: string): string {
  return `Dataset Lens: ${path.basename(root)}`;
}

function rootKey(root: string): string {
  const resolved = path.resolve(root);
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}
