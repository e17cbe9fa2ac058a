import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/engine/report';
import { CancelledError, messageOf } from '../../core/util/errors';
import type { ParamsOf } from '../../protocol/messageTypes';
import {
  ToHost,
  ToWebview,
  type ExportAugmentedParams,
  type ExportAugmentedResult,
  type PanelSettings,
  type PanelSnapshot,
  type PanelState,
  type PipelineDocument,
  type TabId,
  type ToHostMessage,
  type ToWebviewMessage,
  type WebviewState,
} from '../../protocol/messages';
import { panelStateAfter, type StateNotification } from '../../protocol/panelState';
import { RpcEndpoint, type Envelope } from '../../protocol/rpc';
import { validateWebviewMessage } from '../../protocol/validateWebviewMessage';
import { getSettings } from '../config';
import { confirmLabelBreaks } from '../confirmLabelBreaks';
import { defaultPipeline } from '../pipelines';
import { runExport } from './exportWorkflow';
import { analyseWithNotification } from './panelAnalysis';
import { panelHandlers } from './panelHandlers';
import { panelHtml, webviewOptions } from './panelHtml';
import { labelSafetyOf, labelSafetyView } from './labelSafetyView';
import { PanelProbe, type ProbeOutcome } from './panelProbe';
import type { PanelServices } from './panelServices';

export const PANEL_VIEW_TYPE = 'datasetLens.panel';

export interface ShowOptions {
  tab?: TabId;
  pipeline?: PipelineDocument;
  pipelineFile?: string;
  /** Re-run the analysis even when the panel already has a report. */
  reanalyze?: boolean;
}

/**
 * One panel per dataset folder: its life (open, reveal, revive after a reload, close) and its state. The host
 * keeps the state (so a webview that reloads redraws at once) and runs every heavy step in a child process: the
 * analysis in the engine process (panelAnalysis.ts), previews, thumbnails and exports in the job process
 * (panelHandlers.ts, exportWorkflow.ts). Every message from the webview is checked before a handler sees it.
 */
export class DatasetPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DatasetPanel>();
  private static lastActive: DatasetPanel | undefined;
  private static readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes (tests wait on it). */
  static readonly onDidChangePanels = DatasetPanel.changeEmitter.event;

  private rpc: RpcEndpoint<ToWebviewMessage, ToHostMessage>;
  /** What the webview shows; `partial` is shown, never used as a result (exports, diagnostics). */
  private state: PanelState;
  /** The label-safety probe of this dataset and its last result (diagnostics and exports read it too). */
  readonly probe: PanelProbe;
  private analysis: AbortController | undefined;
  private analysisDone: Promise<void> = Promise.resolve();
  private exportRun: AbortController | undefined;
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
    if (options.reanalyze || (!panel.state.report && !panel.analysis)) panel.analyze();
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
      panel.state = {
        ...panel.state,
        pipeline: state.pipeline,
        pipelineFile: typeof state.pipelineFile === 'string' ? state.pipelineFile : null,
        pipelineEdited: state.pipelineEdited === true,
      };
    }
    panel.analyze(state?.content === true);
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
    this.state = {
      root,
      rootName: path.basename(root),
      report: null,
      partial: null,
      analysing: false,
      progress: null,
      error: null,
      pipeline: null,
      pipelineFile: null,
      pipelineEdited: false,
      settings: this.panelSettings(),
    };
    this.rpc = this.createEndpoint();
    let measured = null as PanelProbe['result'];
    this.probe = new PanelProbe(services, root, () => {
      this.notifyLabelSafety();
      if (this.probe.result === measured) return;
      measured = this.probe.result;
      DatasetPanel.changeEmitter.fire(); // pipeline diagnostics take the measured verdicts
    });
    panel.webview.html = panelHtml(panel.webview, services.context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) DatasetPanel.lastActive = this;
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datasetLens'))
          this.send(ToWebview.didChangeSettings, this.panelSettings());
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.onSavedDocument(document)),
    );
    DatasetPanel.changeEmitter.fire();
  }

  get currentReport(): DatasetReport | null {
    return this.state.report;
  }

  get currentPipeline(): { pipeline: PipelineDocument; file: string | null } {
    const { pipeline, pipelineFile, report } = this.state;
    return { pipeline: pipeline ?? defaultPipeline(report), file: pipelineFile };
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
    this.send(ToWebview.didChangePipeline, { pipeline, file });
  }

  /**
   * Runs (or re-runs) the analysis in the engine process, streaming progress to the panel and a notification.
   * `content`: with the content checks; by default, as the report shown (one with them keeps them on a re-run).
   */
  analyze(content: boolean = this.state.report?.content !== undefined): void {
    this.analysis?.abort();
    const controller = new AbortController();
    this.analysis = controller;
    this.send(ToWebview.didStartAnalysis, { root: this.root });
    const started = Date.now();
    const current = () => this.analysis === controller && !this.disposed;
    this.analysisDone = analyseWithNotification(this.services, this.root, controller, content, {
      progress: (p) => this.send(ToWebview.didProgress, p),
      snapshot: (report) => {
        if (current()) this.send(ToWebview.didPartialAnalysis, { report });
      },
    })
      .then(
        (report) => {
          if (current()) this.finishAnalysis(report, Date.now() - started);
        },
        (error: unknown) => {
          if (current()) this.failAnalysis(error);
        },
      )
      .finally(() => {
        if (this.analysis === controller) this.analysis = undefined;
      });
  }

  cancelAnalysis(): void {
    this.analysis?.abort();
  }

  /** Measures the panel's pipeline with the label-safety probe (Probe Label Safety); the panel shows the result. */
  probeLabelSafety(): Promise<ProbeOutcome> {
    return this.probe.run(this.currentPipeline.pipeline);
  }

  private notifyLabelSafety(): void {
    this.rpc.notify(ToWebview.didChangeLabelSafety, {
      labelSafety: labelSafetyView(this.state.report, this.currentPipeline.pipeline, this.probe.result),
      probe: this.probe.status,
    });
  }

  /**
   * Exports after asking while a step breaks labels (`acceptLabelBreaks` skips the question: scripted use). Used
   * by the panel's button and by the Export Augmented Dataset command when the panel is open.
   */
  async exportAugmented(
    params: ExportAugmentedParams,
    out?: string,
    acceptLabelBreaks = false,
  ): Promise<ExportAugmentedResult> {
    const safety = labelSafetyOf(this.state.report, params.pipeline, this.probe.result);
    if (!acceptLabelBreaks && !(await confirmLabelBreaks(safety))) return { status: 'cancelled' };
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
    this.probe.cancel();
    this.rpc.close('the Dataset Lens panel was closed');
    DatasetPanel.panels.delete(rootKey(this.root));
    if (DatasetPanel.lastActive === this) DatasetPanel.lastActive = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    DatasetPanel.changeEmitter.fire();
  }

  /** Changes the state as `type` says (panelState.ts) and tells the webview, which applies the same change. */
  private send<T extends StateNotification>(type: T, params: ParamsOf<T>): void {
    this.state = panelStateAfter(this.state, type, params);
    this.rpc.notify(type, params);
  }

  private finishAnalysis(report: DatasetReport, ms: number): void {
    this.send(ToWebview.didFinishAnalysis, { report });
    DatasetPanel.changeEmitter.fire(); // pipeline diagnostics judge against the new report
    this.probe.datasetAnalysed(report); // after a reload, the stored probe of this dataset comes back
    this.services.log.info(`Analysed ${this.root}: ${report.images} images in ${ms} ms`);
    // Until the user edits or opens a pipeline, the default follows the dataset: no flip for digits.
    const { pipeline, pipelineFile, pipelineEdited } = this.state;
    if (!pipelineFile && !pipelineEdited && (!pipeline || isDeepStrictEqual(pipeline, defaultPipeline())))
      this.send(ToWebview.didChangePipeline, {
        pipeline: defaultPipeline(report),
        file: null,
        followsDataset: true,
      });
  }

  private failAnalysis(error: unknown): void {
    const cancelled = error instanceof CancelledError;
    const message = cancelled ? 'Analysis cancelled' : messageOf(error);
    if (!cancelled) this.services.log.error(`Analysis of ${this.root} failed: ${message}`);
    this.send(ToWebview.didFailAnalysis, { message, cancelled });
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
    rpc.serve(
      ToHost,
      panelHandlers({
        root: this.root,
        services: this.services,
        state: () => this.state,
        keepPipeline: (pipeline, edited) =>
          (this.state = {
            ...this.state,
            pipeline,
            pipelineEdited: this.state.pipelineEdited || edited === true,
          }),
        keepPipelineFile: (pipelineFile) => (this.state = { ...this.state, pipelineFile }),
        snapshot: (restoredTab) => this.snapshot(restoredTab),
        analyze: (content) => this.analyze(content),
        cancelAnalysis: () => this.cancelAnalysis(),
        cancelExport: () => this.exportRun?.abort(),
        exportAugmented: (params) => this.exportAugmented(params),
        probeResult: () => this.probe.result,
      }),
    );
    return rpc;
  }

  private snapshot(restoredTab: TabId | null): PanelSnapshot {
    const tab = this.requestedTab ?? restoredTab;
    this.requestedTab = null;
    return { ...this.state, pipeline: this.currentPipeline.pipeline, tab };
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
    const file = this.state.pipelineFile;
    if (!file || document.uri.fsPath !== file) return;
    try {
      const parsed: unknown = JSON.parse(document.getText());
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        this.setPipeline(parsed as PipelineDocument, file);
    } catch {
      // Invalid JSON while editing: the JSON language service already shows it.
    }
  }
}

function panelTitle(root: string): string {
  return `Dataset Lens: ${path.basename(root)}`;
}

function rootKey(root: string): string {
  const resolved = path.resolve(root);
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}
