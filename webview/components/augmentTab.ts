import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  ToHost,
  type LabelSafetyView,
  type PipelineDocument,
  type PipelineIssueView,
  type PreviewResult,
  type ProbeStatusView,
  type TransformInfo,
} from '../../src/protocol/messages';
import { transformsKey } from '../../src/protocol/pipelineKey';
import { RpcClosedError } from '../../src/protocol/rpc';
import { epochMs } from '../../src/protocol/epochMs';
import { DelayedFlag } from '../delayedFlag';
import { LatestRequest } from '../latestRequest';
import { PreviewPictures } from '../previewPictures';
import { rpc } from '../vscodeApi';
import { rememberToggles, toggleValue } from '../toggles';
import { augmentPreview, CELL_SIZES, type Enlarged } from './augmentPreview';
import './exportSection';
import { renderLabelSafetyBanner } from './labelSafety';
import { LightElement } from './lightElement';
import './pipelineEditor';

/** A grid answered within this many ms shows no busy ring (most edits: the ring would only flash). */
const RING_DELAY_MS = 400;

/** No issues, one array: the editor is not drawn again each time a grid arrives. */
const NO_ISSUES: PipelineIssueView[] = [];

/**
 * The Augment tab: the pipeline editor (pipelineEditor.ts) and the export (exportSection.ts) beside a live,
 * seeded before/after preview (augmentPreview.ts). This element holds the pipeline being edited and runs the
 * previews: every edit asks for a new grid at once (edits made while one is made are folded into the next, and
 * only the newest grid is shown); the pictures on screen are not sent again (previewPictures.ts).
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
    ringShown: { state: true },
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
  /** The busy ring beside the grid's settings (shown once a grid takes longer than RING_DELAY_MS). */
  declare ringShown: boolean;
  declare previewError: string | null;
  declare status: string;
  /** The last label-safety view (from a preview or a probe); shown while it is about the pipeline on screen. */
  declare labelSafety: LabelSafetyView | null;
  declare probeStatus: ProbeStatusView;
  /** The preview cell shown large beside its original, or null. */
  declare enlarged: Enlarged | null;
  /** Preview cells' side in CSS pixels (the slider): rendered at that size, so a larger cell is sharper too. */
  declare cellSize: number;
  private readonly pictures = new PreviewPictures();
  /** When the last answer was asked for and came (epoch ms), and those of the grid on screen. */
  private panelMarks = { asked: 0, answered: 0 };
  private shownMarks = this.panelMarks;
  /** Set when an answer left out a picture the panel no longer holds: the next request holds none. */
  private holdNone = false;
  private readonly previews = new LatestRequest<PreviewResult>(() => this.requestPreview(), {
    answer: (result) => this.showPreview(result),
    error: (error) => {
      if (!(error instanceof RpcClosedError)) this.previewError = (error as Error).message;
    },
    busy: (running) => {
      this.previewing = running;
      this.slowPreview.set(running);
    },
  });
  /** The ring shows only for a grid slower than RING_DELAY_MS: animated, it costs the preview a core's time. */
  private readonly slowPreview = new DelayedFlag(RING_DELAY_MS, (shown) => (this.ringShown = shown));

  constructor() {
    super();
    this.catalog = [];
    this.preview = null;
    this.previewing = false;
    this.ringShown = false;
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
    if ((settings || analysed) && this.pipeline) this.previews.ask();
  }

  protected override updated(changed: Map<string, unknown>): void {
    rememberToggles('augment', this, ['cellSize']);
    if (changed.has('preview') && this.preview?.ok) {
      // Every hop of the grid on screen, for the e2e: the host's and job's marks, the panel's, then its render.
      const timing = { ...this.preview.timing, ...this.shownMarks, rendered: epochMs() };
      this.querySelector<HTMLElement>('section.preview')?.setAttribute('data-timing', JSON.stringify(timing));
    }
    // The large view takes the keyboard (Escape closes it) as it opens.
    if (changed.has('enlarged') && this.enlarged) this.querySelector<HTMLElement>('.preview-large')?.focus();
  }

  private edit(next: PipelineDocument): void {
    this.pipeline = next;
    rpc.notify(ToHost.editPipeline, { pipeline: next });
    this.dispatchEvent(new CustomEvent('pipeline-change', { detail: next, bubbles: true }));
  }

  private async requestPreview(): Promise<PreviewResult> {
    const held = this.holdNone ? [] : this.pictures.held();
    this.holdNone = false;
    const asked = epochMs();
    const answer = await rpc.request(ToHost.preview, {
      pipeline: this.pipeline,
      perClass: this.perClass,
      variants: this.variants,
      cellSize: this.cellSize,
      held,
    });
    this.panelMarks = { asked, answered: epochMs() };
    return answer;
  }

  private showPreview(answer: PreviewResult): void {
    const result = this.pictures.fill(answer);
    if (!result) {
      this.holdNone = true;
      this.previews.ask();
      return;
    }
    this.shownMarks = this.panelMarks;
    this.preview = result;
    if (result.ok) this.labelSafety = result.labelSafety;
    this.previewError = null;
  }

  private shownSafety() {
    const view = this.labelSafety;
    return view && this.pipeline && view.transforms === transformsKey(this.pipeline) ? view.report : null;
  }

  protected override render() {
    const issues = this.preview && !this.preview.ok ? this.preview.issues : NO_ISSUES;
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
            previewing: this.ringShown,
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
