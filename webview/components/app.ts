import { html, nothing } from 'lit';
import type { AnalyzeProgress } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  ToHost,
  ToWebview,
  TAB_IDS,
  type PanelSettings,
  type PipelineDocument,
  type TabId,
  type TransformInfo,
} from '../../src/protocol/messages';
import { formatCount } from '../format';
import { partialMarkerText, shownReport } from '../partialView';
import { ThumbnailStore } from '../thumbnails';
import { loadState, rpc, saveState } from '../vscodeApi';
import type { DlAugmentExport } from './exportSection';
import { LightElement } from './lightElement';

const TAB_LABELS: Record<TabId, string> = {
  overview: 'Overview',
  classes: 'Classes',
  statistics: 'Statistics',
  quality: 'Quality',
  augment: 'Augment',
};

/** The panel: header with progress and cancel, then the five tabs. State survives hide and reload. */
export class DlApp extends LightElement {
  static override properties = {
    root: { state: true },
    rootName: { state: true },
    report: { state: true },
    partial: { state: true },
    analysing: { state: true },
    progress: { state: true },
    error: { state: true },
    tab: { state: true },
    pipeline: { state: true },
    pipelineFile: { state: true },
    settings: { state: true },
    catalog: { state: true },
    qualityKind: { state: true },
    statsScope: { state: true },
    connected: { state: true },
  };
  declare root: string;
  declare rootName: string;
  declare report: DatasetReport | null;
  /** The running analysis's latest partial report (never persisted: reports are not part of WebviewState). */
  declare partial: DatasetReport | null;
  declare analysing: boolean;
  declare progress: AnalyzeProgress | null;
  declare error: string | null;
  declare tab: TabId;
  declare pipeline: PipelineDocument | null;
  declare pipelineFile: string | null;
  declare settings: PanelSettings;
  declare catalog: TransformInfo[];
  declare qualityKind: string | null;
  declare statsScope: string;
  declare connected: boolean;
  private readonly thumbs: ThumbnailStore;

  constructor() {
    super();
    const saved = loadState();
    this.root = saved.root ?? '';
    this.rootName = '';
    this.report = null;
    this.partial = null;
    this.analysing = false;
    this.progress = null;
    this.error = null;
    this.tab = saved.tab && TAB_IDS.includes(saved.tab) ? saved.tab : 'overview';
    this.pipeline = saved.pipeline ?? null;
    this.pipelineFile = saved.pipelineFile ?? null;
    this.settings = { thumbnailSize: 96, previewPerClass: 1, previewVariants: 3 };
    this.catalog = [];
    this.qualityKind = saved.qualityKind ?? null;
    this.statsScope = saved.statsScope ?? 'all';
    this.connected = false;
    this.thumbs = new ThumbnailStore(this.settings.thumbnailSize);
    this.listen();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.connect();
  }

  private async connect(): Promise<void> {
    const snapshot = await rpc.request(ToHost.ready, { restoredTab: this.tab });
    this.root = snapshot.root;
    this.rootName = snapshot.rootName;
    this.report = snapshot.report;
    this.partial = snapshot.partial;
    this.analysing = snapshot.analysing;
    this.progress = snapshot.progress;
    this.error = snapshot.error;
    // The host's copy is current (every edit reaches it with the preview it triggers; after a window reload the
    // serializer hands it this webview's persisted draft), and it also carries changes made while hidden.
    this.pipeline = snapshot.pipeline ?? this.pipeline;
    this.pipelineFile = snapshot.pipelineFile ?? this.pipelineFile;
    this.settings = snapshot.settings;
    this.thumbs.setSize(snapshot.settings.thumbnailSize);
    if (snapshot.tab) this.tab = snapshot.tab;
    this.connected = true;
    this.persist();
    try {
      this.catalog = await rpc.request(ToHost.catalog, {});
    } catch {
      this.catalog = [];
    }
  }

  private listen(): void {
    rpc.onNotification(ToWebview.didStartAnalysis, () => {
      this.analysing = true;
      this.progress = null;
      this.partial = null;
      this.error = null;
    });
    rpc.onNotification(ToWebview.didProgress, (p) => (this.progress = p));
    rpc.onNotification(ToWebview.didPartialAnalysis, ({ report }) => (this.partial = report));
    rpc.onNotification(ToWebview.didFinishAnalysis, ({ report }) => {
      this.report = report;
      this.partial = null;
      this.analysing = false;
    });
    rpc.onNotification(ToWebview.didFailAnalysis, ({ message }) => {
      this.analysing = false;
      this.partial = null;
      this.error = message;
    });
    rpc.onNotification(ToWebview.didChangePipeline, ({ pipeline, file }) => {
      this.pipeline = pipeline;
      this.pipelineFile = file;
      this.persist();
    });
    rpc.onNotification(ToWebview.didRequestTab, ({ tab }) => this.selectTab(tab));
    rpc.onNotification(ToWebview.didChangeSettings, (settings) => {
      this.settings = settings;
      this.thumbs.setSize(settings.thumbnailSize);
    });
    rpc.onNotification(ToWebview.didExportProgress, (p) => {
      const exporter = this.querySelector<DlAugmentExport>('dl-augment-export');
      if (exporter) exporter.progress = p;
    });
  }

  private persist(): void {
    saveState({
      root: this.root,
      tab: this.tab,
      pipeline: this.pipeline,
      pipelineFile: this.pipelineFile,
      qualityKind: this.qualityKind,
      statsScope: this.statsScope,
    });
  }

  private selectTab(tab: TabId): void {
    this.tab = tab;
    this.persist();
  }

  protected override render() {
    if (!this.connected)
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring></div>`;
    const index = TAB_IDS.indexOf(this.tab);
    return html`
      <header class="header">
        <div class="title">
          <h1>${this.rootName}</h1>
          <span class="subtle path" title=${this.root}>${this.root}</span>
        </div>
        <div class="header-actions">
          ${
            this.analysing
              ? html`<vscode-button
                  secondary
                  icon="close"
                  @click=${() => rpc.notify(ToHost.cancelAnalysis, {})}
                  >Cancel</vscode-button
                >`
              : html`<vscode-button secondary icon="refresh" @click=${() => rpc.notify(ToHost.analyze, {})}
                  >Re-analyse</vscode-button
                >`
          }
        </div>
      </header>
      ${this.analysing ? this.renderProgress() : nothing} ${this.renderPartialMarker()}
      ${this.error && !this.analysing ? html`<div class="banner error" role="alert"><span class="codicon codicon-error" aria-hidden="true"></span> ${this.error}</div>` : nothing}
      <vscode-tabs
        selected-index=${index}
        @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => this.selectTab(TAB_IDS[e.detail.selectedIndex])}
      >
        ${TAB_IDS.map(
          (id) =>
            html`<vscode-tab-header slot="header" data-tab=${id}
                >${TAB_LABELS[id]}${this.badge(id)}</vscode-tab-header
              >
              <vscode-tab-panel>${id === this.tab ? this.renderTab(id) : nothing}</vscode-tab-panel>`,
        )}
      </vscode-tabs>
    `;
  }

  private badge(id: TabId) {
    const report = shownReport(this);
    if (id !== 'quality' || !report) return nothing;
    const n = report.issues.length;
    return n ? html` <vscode-badge variant="counter">${n > 999 ? '999+' : n}</vscode-badge>` : nothing;
  }

  private renderProgress() {
    const p = this.progress;
    const value = p && p.total ? p.done / p.total : undefined;
    return html`<div class="progress" role="status" aria-live="polite">
      ${value === undefined ? html`<vscode-progress-bar indeterminate></vscode-progress-bar>` : html`<vscode-progress-bar value=${value}></vscode-progress-bar>`}
      <span class="subtle">
        ${p ? html`Analysing: ${formatCount(p.done)} / ${formatCount(p.total)}${p.scanning ? '+' : ''} images${p.cached ? html`, ${formatCount(p.cached)} from the cache` : nothing}` : 'Scanning…'}
        ${this.report && !shownReport(this)?.partial ? ' — showing the previous results until this run finishes' : ''}
      </span>
    </div>`;
  }

  private renderPartialMarker() {
    const mark = shownReport(this)?.partial;
    if (!mark) return nothing;
    return html`<div class="banner partial" role="status" data-partial>
      <span class="codicon codicon-sync" aria-hidden="true"></span> ${partialMarkerText(mark)}
    </div>`;
  }

  private renderTab(id: TabId) {
    if (id === 'augment') {
      return html`<dl-augment
        .report=${this.report}
        .pipeline=${this.pipeline}
        .pipelineFile=${this.pipelineFile}
        .catalog=${this.catalog}
        .perClass=${this.settings.previewPerClass}
        .variants=${this.settings.previewVariants}
        @pipeline-change=${(e: CustomEvent<PipelineDocument>) => {
          this.pipeline = e.detail;
          this.persist();
        }}
        @pipeline-file=${(e: CustomEvent<string>) => {
          this.pipelineFile = e.detail;
          this.persist();
        }}
      ></dl-augment>`;
    }
    const report = shownReport(this);
    if (!report)
      return html`<p class="empty">
        ${this.analysing ? 'The analysis is running; results appear here as it goes.' : 'No results yet.'}
      </p>`;
    switch (id) {
      case 'overview':
        return html`<dl-overview .report=${report}></dl-overview>`;
      case 'classes':
        return html`<dl-classes .report=${report}></dl-classes>`;
      case 'statistics':
        return html`<dl-stats
          .report=${report}
          .scope=${this.statsScope}
          @scope-change=${(e: CustomEvent<string>) => {
            this.statsScope = e.detail;
            this.persist();
          }}
        ></dl-stats>`;
      case 'quality':
        return html`<dl-quality
          .report=${report}
          .store=${this.thumbs}
          .kind=${this.qualityKind}
          .thumbSize=${this.settings.thumbnailSize}
          @kind-change=${(e: CustomEvent<string>) => {
            this.qualityKind = e.detail;
            this.persist();
          }}
        ></dl-quality>`;
    }
  }
}

customElements.define('dl-app', DlApp);

declare global {
  interface HTMLElementTagNameMap {
    'dl-app': DlApp;
  }
}
