import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  ToHost,
  type LabelSafetyView,
  type PipelineDocument,
  type PreviewResult,
  type ProbeStatusView,
  type TransformInfo,
} from '../../src/protocol/messages';
import { transformsKey } from '../../src/protocol/pipelineKey';
import { RpcClosedError } from '../../src/protocol/rpc';
import { rpc } from '../vscodeApi';
import { rememberToggles, toggleValue } from '../toggles';
import { augmentPreview, CELL_SIZES, type Enlarged } from './augmentPreview';
import './exportSection';
import { renderLabelSafetyBanner } from './labelSafety';
import { LightElement } from './lightElement';
import './pipelineEditor';

/** Edits arrive as change events (a field left, a slider let go): a short wait is enough to batch them. */
const PREVIEW_DEBOUNCE_MS = 50;

/**
 * The Augment tab: the pipeline editor (pipelineEditor.ts) and the export (exportSection.ts) beside a live,
 * seeded before/after preview (augmentPreview.ts). This element holds the pipeline being edited and runs the
 * previews: every edit re-renders the preview (debounced); results of older edits are dropped.
 */
export class DlAugment extends LightElement {
  static override properties = {
    report: { attribute: false },
    pipeline: { attribute: false },
    pipelineFile: {},
    catalog: { attribute: false },
    perClass: { type: Number },
    variants: { type: Number },
    preview: { state: true },
    previewing: { state: true },
    previewError: { state: true },
    status: { state: true },
    labelSafety: { state: true },
    probeStatus: { attribute: false },
    enlarged: { state: true },
    cellSize: { state: true },
  };
  declare report: DatasetReport | null;
  declare pipeline: PipelineDocument;
  declare pipelineFile: string | null;
  declare catalog: TransformInfo[];
  declare perClass: number;
  declare variants: number;
  declare preview: PreviewResult | null;
  declare previewing: boolean;
  declare previewError: string | null;
  declare status: string;
  /** The last label-safety view (from a preview or a probe); shown while it is about the pipeline on screen. */
  declare labelSafety: LabelSafetyView | null;
  declare probeStatus: ProbeStatusView;
  /** The preview cell shown large beside its original, or null. */
  declare enlarged: Enlarged | null;
  /** Preview cells' side in CSS pixels (the slider): rendered at that size, so a larger cell is sharper too. */
  declare cellSize: number;
  private previewSeq = 0;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.catalog = [];
    this.preview = null;
    this.previewing = false;
    this.previewError = null;
    this.status = '';
    this.labelSafety = null;
    this.probeStatus = { running: null, error: null };
    this.perClass = 1;
    this.variants = 3;
    this.cellSize = toggleValue('augment.cellSize', 160, (n) => CELL_SIZES.includes(n));
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    const settings =
      changed.has('pipeline') ||
      changed.has('perClass') ||
      changed.has('variants') ||
      changed.has('cellSize');
    // A report that arrives after the first render (an analysis finished): label warnings are judged against
    // it, so a preview asked for while the analysis still ran had none. Ask again.
    const analysed = changed.has('report') && changed.get('report') !== undefined && this.report !== null;
    if (settings || analysed) this.schedulePreview();
  }

  protected override updated(changed: Map<string, unknown>): void {
    rememberToggles('augment', this, ['cellSize']);
    // The large view takes the keyboard (Escape closes it) as it opens.
    if (changed.has('enlarged') && this.enlarged) this.querySelector<HTMLElement>('.preview-large')?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.previewTimer);
  }

  private edit(next: PipelineDocument): void {
    this.pipeline = next;
    rpc.notify(ToHost.editPipeline, { pipeline: next });
    this.dispatchEvent(new CustomEvent('pipeline-change', { detail: next, bubbles: true }));
  }

  private schedulePreview(): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.runPreview(), PREVIEW_DEBOUNCE_MS);
  }

  private async runPreview(): Promise<void> {
    if (!this.pipeline) return;
    const seq = ++this.previewSeq;
    this.previewing = true;
    try {
      const result = await rpc.request(ToHost.preview, {
        pipeline: this.pipeline,
        perClass: this.perClass,
        variants: this.variants,
        cellSize: this.cellSize,
      });
      if (seq !== this.previewSeq) return;
      this.preview = result;
      if (result.ok) this.labelSafety = result.labelSafety;
      this.previewError = null;
    } catch (error) {
      if (seq !== this.previewSeq || error instanceof RpcClosedError) return;
      this.previewError = (error as Error).message;
    } finally {
      if (seq === this.previewSeq) this.previewing = false;
    }
  }

  private shownSafety() {
    const view = this.labelSafety;
    return view && this.pipeline && view.transforms === transformsKey(this.pipeline) ? view.report : null;
  }

  protected override render() {
    const issues = this.preview && !this.preview.ok ? this.preview.issues : [];
    const onStatus = (e: CustomEvent<string>) => (this.status = e.detail);
    const safety = this.shownSafety();
    const probe = this.probeStatus;
    return html`${safety || probe.running || probe.error ? renderLabelSafetyBanner(safety, probe) : nothing}
      <div class="augment">
        <section class="editor" aria-label="Pipeline editor">
          <dl-pipeline-editor
            .pipeline=${this.pipeline}
            .pipelineFile=${this.pipelineFile}
            .catalog=${this.catalog}
            .issues=${issues}
            .safety=${safety}
            @pipeline-edit=${(e: CustomEvent<PipelineDocument>) => this.edit(e.detail)}
            @status=${onStatus}
          ></dl-pipeline-editor>
          <dl-augment-export
            .pipeline=${this.pipeline}
            .status=${this.status}
            @status=${onStatus}
          ></dl-augment-export>
        </section>
        <section class="preview" aria-label="Augmentation preview" aria-busy=${this.previewing}>
          ${augmentPreview({
            preview: this.preview,
            previewing: this.previewing,
            error: this.previewError,
            invalid: issues.length > 0,
            safety,
            variants: this.variants,
            perClass: this.perClass,
            onVariants: (n) => (this.variants = n),
            onPerClass: (n) => (this.perClass = n),
            cellSize: this.cellSize,
            onCellSize: (n) => (this.cellSize = n),
            enlarged: this.enlarged ?? null,
            onEnlarge: (shown) => (this.enlarged = shown),
          })}
        </section>
      </div>`;
  }
}

customElements.define('dl-augment', DlAugment);

declare global {
  interface HTMLElementTagNameMap {
    'dl-augment': DlAugment;
  }
}
