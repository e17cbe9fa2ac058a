import { html, nothing } from 'lit';
import {
  ToHost,
  ToWebview,
  TAB_IDS,
  type PanelState,
  type PipelineDocument,
  type ProbeStatusView,
  type TabId,
  type TransformInfo,
} from '../../src/protocol/messages';
import { panelStateAfter, type StateNotification } from '../../src/protocol/panelState';
import { findingTotals } from '../findings';
import { formatCount } from '../format';
import { partialMarkerText, shownReport } from '../partialView';
import { ThumbnailStore } from '../thumbnails';
import { allToggles } from '../toggles';
import { loadState, rpc, saveState } from '../vscodeApi';
import type { DlAugment } from './augmentTab';
import type { DlAugmentExport } from './exportSection';
import { LightElement } from './lightElement';

const TAB_LABELS: Record<TabId, string> = {
  overview: 'Overview',
  classes: 'Classes',
  statistics: 'Statistics',
  quality: 'Quality',
  browse: 'Browse',
  content: 'Content',
  augment: 'Augment',
};

/** The panel: header with progress and cancel, then the tabs. State survives hide and reload. */
export class DlApp extends LightElement {
  static override properties = {
    panel: { state: true },
    tab: { state: true },
    catalog: { state: true },
    qualityKind: { state: true },
    statsScope: { state: true },
    connected: { state: true },
    probeStatus: { state: true },
  };
  /** What the host sent (panelState.ts): the report, a running analysis's progress and partial report, the pipeline. */
  declare panel: PanelState;
  declare tab: TabId;
  declare catalog: TransformInfo[];
  declare qualityKind: string | null;
  declare statsScope: string;
  /** The label-safety probe's progress, kept here so it survives switching tabs. */
  declare probeStatus: ProbeStatusView;
  declare connected: boolean;
  private readonly thumbs: ThumbnailStore;
  /** Whether the last finished report had the content checks (kept across reloads until a report says). */
  private contentChecks = loadState().content === true;

  constructor() {
    super();
    const saved = loadState();
    this.panel = {
      root: saved.root ?? '',
      rootName: '',
      report: null,
      partial: null,
      analysing: false,
      progress: null,
      error: null,
      pipeline: saved.pipeline ?? null,
      pipelineFile: saved.pipelineFile ?? null,
      pipelineEdited: saved.pipelineEdited === true,
      settings: { thumbnailSize: 96, previewPerClass: 1, previewVariants: 3 },
    };
    this.tab = saved.tab && TAB_IDS.includes(saved.tab) ? saved.tab : 'overview';
    this.catalog = [];
    this.qualityKind = saved.qualityKind ?? null;
    this.statsScope = saved.statsScope ?? 'all';
    this.probeStatus = { running: null, error: null };
    this.connected = false;
    this.thumbs = new ThumbnailStore(this.panel.settings.thumbnailSize);
    this.listen();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.connect();
  }

  private async connect(): Promise<void> {
    const { tab, ...snapshot } = await rpc.request(ToHost.ready, { restoredTab: this.tab });
    this.panel = {
      ...snapshot,
      // The host's copy is current (every edit reaches it with the preview it triggers; after a window reload the
      // serializer hands it this webview's persisted draft), and it also carries changes made while hidden.
      pipeline: snapshot.pipeline ?? this.panel.pipeline,
      pipelineFile: snapshot.pipelineFile ?? this.panel.pipelineFile,
      pipelineEdited: snapshot.pipelineEdited || this.panel.pipelineEdited,
    };
    this.thumbs.setSize(snapshot.settings.thumbnailSize);
    if (snapshot.report) this.contentChecks = snapshot.report.content !== undefined;
    if (tab) this.tab = tab;
    this.connected = true;
    this.persist();
    try {
      this.catalog = await rpc.request(ToHost.catalog, {});
    } catch {
      this.catalog = [];
    }
  }

  /** Host notifications: those that change the panel's state apply the host's own transition (panelState.ts). */
  private listen(): void {
    const apply = <T extends StateNotification>(type: T, then?: () => void) =>
      rpc.onNotification(type, (params) => {
        this.panel = panelStateAfter(this.panel, type, params);
        then?.();
      });
    apply(ToWebview.didStartAnalysis);
    apply(ToWebview.didProgress);
    apply(ToWebview.didPartialAnalysis);
    apply(ToWebview.didFinishAnalysis, () => {
      this.contentChecks = this.panel.report?.content !== undefined;
      this.persist();
    });
    apply(ToWebview.didFailAnalysis);
    apply(ToWebview.didChangePipeline, () => this.persist());
    apply(ToWebview.didChangeSettings, () => this.thumbs.setSize(this.panel.settings.thumbnailSize));
    rpc.onNotification(ToWebview.didRequestTab, ({ tab }) => this.selectTab(tab));
    rpc.onNotification(ToWebview.didChangeLabelSafety, ({ labelSafety, probe }) => {
      this.probeStatus = probe;
      const augment = this.querySelector<DlAugment>('dl-augment');
      if (augment && labelSafety) augment.labelSafety = labelSafety;
    });
    rpc.onNotification(ToWebview.didExportProgress, (p) => {
      const exporter = this.querySelector<DlAugmentExport>('dl-augment-export');
      if (exporter) exporter.progress = p;
    });
  }

  private persist(): void {
    saveState({
      root: this.panel.root,
      tab: this.tab,
      pipeline: this.panel.pipeline,
      pipelineFile: this.panel.pipelineFile,
      pipelineEdited: this.panel.pipelineEdited,
      qualityKind: this.qualityKind,
      statsScope: this.statsScope,
      content: this.contentChecks,
      toggles: allToggles(),
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
          <h1>${this.panel.rootName}</h1>
          <span class="subtle path" title=${this.panel.root}>${this.panel.root}</span>
        </div>
        <div class="header-actions">
          ${
            this.panel.analysing
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
      ${this.panel.analysing ? this.renderProgress() : nothing} ${this.renderPartialMarker()}
      ${this.panel.error && !this.panel.analysing ? html`<div class="banner error" role="alert"><span class="codicon codicon-error" aria-hidden="true"></span> ${this.panel.error}</div>` : nothing}
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
    const report = shownReport(this.panel);
    if (id !== 'quality' || !report) return nothing;
    const n = findingTotals(report).findings;
    return n ? html` <vscode-badge variant="counter">${n > 999 ? '999+' : n}</vscode-badge>` : nothing;
  }

  private renderProgress() {
    const p = this.panel.progress;
    const value = p?.map ? p.map.done / p.map.total : p && p.total ? p.done / p.total : undefined;
    return html`<div class="progress" role="status" aria-live="polite">
      ${value === undefined ? html`<vscode-progress-bar indeterminate></vscode-progress-bar>` : html`<vscode-progress-bar value=${value}></vscode-progress-bar>`}
      <span class="subtle">
        ${shownReport(this.panel)?.partial ? nothing : p?.map ? html`Drawing the content map: ${p.map.done} / ${p.map.total} epochs` : p ? html`Analysing: ${formatCount(p.done)} / ${formatCount(p.total)}${p.scanning ? '+' : ''} files${p.cached ? html`, ${formatCount(p.cached)} from the cache` : nothing}` : 'Scanning…'}
        ${this.panel.report && !shownReport(this.panel)?.partial ? ' — showing the previous results until this run finishes' : ''}
      </span>
    </div>`;
  }

  private renderPartialMarker() {
    const mark = shownReport(this.panel)?.partial;
    if (!mark) return nothing;
    return html`<div class="banner partial" role="status" data-partial>
      <span class="codicon codicon-sync" aria-hidden="true"></span>
      ${partialMarkerText(mark, this.panel.analysing ? this.panel.progress : null)}
    </div>`;
  }

  private renderTab(id: TabId) {
    if (id === 'augment') {
      return html`<dl-augment
        .report=${this.panel.report}
        .pipeline=${this.panel.pipeline}
        .pipelineFile=${this.panel.pipelineFile}
        .catalog=${this.catalog}
        .perClass=${this.panel.settings.previewPerClass}
        .variants=${this.panel.settings.previewVariants}
        .probeStatus=${this.probeStatus}
        @pipeline-change=${(e: CustomEvent<PipelineDocument>) => {
          this.panel = { ...this.panel, pipeline: e.detail, pipelineEdited: true };
          this.persist();
        }}
        @pipeline-file=${(e: CustomEvent<string>) => {
          this.panel = { ...this.panel, pipelineFile: e.detail };
          this.persist();
        }}
      ></dl-augment>`;
    }
    const report = shownReport(this.panel);
    if (!report)
      return html`<p class="empty">
        ${this.panel.analysing ? 'The analysis is running; results appear here as it goes.' : 'No results yet.'}
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
          .thumbSize=${this.panel.settings.thumbnailSize}
          @kind-change=${(e: CustomEvent<string | null>) => {
            this.qualityKind = e.detail;
            this.persist();
          }}
        ></dl-quality>`;
      case 'browse':
        return html`<dl-browse
          .report=${report}
          .store=${this.thumbs}
          .thumbSize=${this.panel.settings.thumbnailSize}
        ></dl-browse>`;
      case 'content':
        return html`<dl-content
          .report=${report}
          .store=${this.thumbs}
          .analysing=${this.panel.analysing}
          .thumbSize=${this.panel.settings.thumbnailSize}
        ></dl-content>`;
    }
  }
}

customElements.define('dl-app', DlApp);

declare global {
  interface HTMLElementTagNameMap {
    'dl-app': DlApp;
  }
}
