import { html, nothing } from 'lit';
import type { OptionSpec } from '../../src/core/augment/optionSpec';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  ToHost,
  type CodeTarget,
  type ExportAugmentedResult,
  type ExportImageFormat,
  type LabelWarningView,
  type PipelineDocument,
  type PipelineIssueView,
  type PreviewResult,
  type TransformInfo,
} from '../../src/protocol/messages';
import { RpcClosedError } from '../../src/protocol/rpc';
import { formatCount } from '../format';
import {
  addStep,
  moveStep,
  parseNumberField,
  rangeValue,
  removeStep,
  seedOf,
  setOption,
  setSeed,
  stepsOf,
  type StepDocument,
} from '../pipelineModel';
import { rpc } from '../vscodeApi';
import { LightElement } from './lightElement';
import { openFile } from './thumbnail';

const PREVIEW_DEBOUNCE_MS = 250;
const CELL_SIZE = 160;

/**
 * The pipeline editor (one card per transform, fields from the registry's option specs) beside a live, seeded
 * before/after grid per class, and the export buttons. Every edit re-renders the preview (debounced); results
 * of older edits are dropped.
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
    exportState: { state: true },
    exportProgress: { attribute: false },
    copies: { state: true },
    balance: { state: true },
    format: { state: true },
    status: { state: true },
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
  declare exportState: 'idle' | 'running' | ExportAugmentedResult;
  declare exportProgress: { done: number; total: number; failed: number } | null;
  declare copies: number;
  declare balance: boolean;
  declare format: ExportImageFormat | null;
  declare status: string;
  private previewSeq = 0;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.catalog = [];
    this.preview = null;
    this.previewing = false;
    this.previewError = null;
    this.exportState = 'idle';
    this.exportProgress = null;
    this.copies = 1;
    this.balance = false;
    this.format = null;
    this.status = '';
    this.perClass = 1;
    this.variants = 3;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    const settings = changed.has('pipeline') || changed.has('perClass') || changed.has('variants');
    // A report that arrives after the first render (an analysis finished): label warnings are judged against
    // it, so a preview asked for while the analysis still ran had none. Ask again.
    const analysed = changed.has('report') && changed.get('report') !== undefined && this.report !== null;
    if (settings || analysed) this.schedulePreview();
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
        cellSize: CELL_SIZE,
      });
      if (seq !== this.previewSeq) return;
      this.preview = result;
      this.previewError = null;
    } catch (error) {
      if (seq !== this.previewSeq || error instanceof RpcClosedError) return;
      this.previewError = (error as Error).message;
    } finally {
      if (seq === this.previewSeq) this.previewing = false;
    }
  }

  protected override render() {
    const steps = stepsOf(this.pipeline ?? {});
    const issues = this.preview && !this.preview.ok ? this.preview.issues : [];
    const warnings = this.preview?.ok ? this.preview.labelWarnings : null;
    return html`<div class="augment">
      <section class="editor" aria-label="Pipeline editor">
        <div class="toolbar">
          <label for="pipeline-seed">Seed</label>
          <vscode-textfield
            id="pipeline-seed"
            type="number"
            min="0"
            class="seed"
            .value=${String(seedOf(this.pipeline))}
            @change=${this.onSeed}
          ></vscode-textfield>
          <vscode-button
            secondary
            icon="refresh"
            title="Draw a new seed (other files, other variants)"
            @click=${this.reseed}
            >Reseed</vscode-button
          >
          <span class="spacer"></span>
          <vscode-button
            secondary
            icon="save"
            @click=${this.save}
            title=${this.pipelineFile ?? 'Save as a .pipeline.json file'}
            >${this.pipelineFile ? 'Save' : 'Save as…'}</vscode-button
          >
        </div>
        ${this.pipelineFile ? html`<p class="note">Editing <code>${this.pipelineFile}</code></p>` : nothing}
        ${issues.length ? html`<div class="issues" role="alert">${issues.map((i) => html`<div><span class="codicon codicon-error" aria-hidden="true"></span> ${i.message}</div>`)}</div>` : nothing}
        <ol class="steps">
          ${steps.map((step, index) => this.renderStep(step, index, steps.length, issues, warnings?.filter((w) => w.index === index) ?? []))}
        </ol>
        <div class="toolbar">
          <label for="add-transform">Add</label>
          <select id="add-transform" class="native-select" @change=${this.onAdd}>
            <option value="">transform…</option>
            ${this.catalog.map((t) => html`<option value=${t.name}>${t.name} (${t.kind})</option>`)}
          </select>
        </div>
        ${this.renderExport()}
      </section>
      <section class="preview" aria-label="Augmentation preview" aria-busy=${this.previewing}>
        <div class="toolbar">
          <h2>Preview</h2>
          ${this.previewing ? html`<vscode-progress-ring class="small" aria-label="Rendering preview"></vscode-progress-ring>` : nothing}
          <span class="subtle"
            >${this.preview?.ok ? `seed ${this.preview.seed} · ${this.preview.ms} ms` : ''}</span
          >
          <span class="spacer"></span>
          <label for="preview-variants">Variants</label>
          <select
            id="preview-variants"
            class="native-select"
            @change=${(e: Event) => (this.variants = Number((e.target as HTMLSelectElement).value))}
          >
            ${[1, 2, 3, 4, 5, 6, 8].map((n) => html`<option value=${n} ?selected=${n === this.variants}>${n}</option>`)}
          </select>
          <label for="preview-per-class">Per class</label>
          <select
            id="preview-per-class"
            class="native-select"
            @change=${(e: Event) => (this.perClass = Number((e.target as HTMLSelectElement).value))}
          >
            ${[1, 2, 3, 4].map((n) => html`<option value=${n} ?selected=${n === this.perClass}>${n}</option>`)}
          </select>
        </div>
        ${this.previewError ? html`<p class="error-text">${this.previewError}</p>` : nothing}
        ${this.preview?.ok ? this.renderGrid(this.preview) : !this.previewError && !issues.length ? html`<p class="note">Rendering…</p>` : nothing}
      </section>
    </div>`;
  }

  private renderStep(
    step: StepDocument,
    index: number,
    count: number,
    issues: PipelineIssueView[],
    labelWarnings: LabelWarningView[],
  ) {
    const info = this.catalog.find((t) => t.name === step.name);
    const stepIssues = issues.filter(
      (i) => i.path === `transforms[${index}]` || i.path.startsWith(`transforms[${index}].`),
    );
    return html`<li class="step ${stepIssues.length ? 'invalid' : ''}" data-step=${step.name}>
      <div class="step-head">
        <span class="step-index">${index + 1}</span>
        <strong class="step-name">${step.name}</strong>
        ${info ? html`<span class="badge">${info.kind}</span>` : html`<span class="badge error">unknown</span>`}
        <span class="spacer"></span>
        <label class="p-field"
          >p
          <input
            class="num-input"
            type="number"
            min="0"
            max="1"
            step="0.05"
            .value=${String(step.p ?? info?.defaultP ?? 1)}
            aria-label=${`${step.name} probability`}
            @change=${(e: Event) => this.onNumber(index, 'p', e)}
          />
        </label>
        <vscode-toolbar-button
          icon="arrow-up"
          label="Move up"
          ?disabled=${index === 0}
          @click=${() => this.edit(moveStep(this.pipeline, index, -1))}
        ></vscode-toolbar-button>
        <vscode-toolbar-button
          icon="arrow-down"
          label="Move down"
          ?disabled=${index === count - 1}
          @click=${() => this.edit(moveStep(this.pipeline, index, 1))}
        ></vscode-toolbar-button>
        <vscode-toolbar-button
          icon="trash"
          label="Remove"
          @click=${() => this.edit(removeStep(this.pipeline, index))}
        ></vscode-toolbar-button>
      </div>
      ${info ? html`<div class="step-options">${Object.entries(info.options).map(([key, spec]) => this.renderOption(step, index, key, spec))}</div>` : nothing}
      ${stepIssues.map((i) => html`<div class="error-text">${i.message}</div>`)}
      ${
        labelWarnings.length
          ? html`<div class="label-warnings" role="note" data-probe-step=${index}>
              ${labelWarnings.map(
                (w) =>
                  html`<div class="label-warning ${w.verdict}">
                    <span
                      class="codicon ${w.verdict === 'breaks' ? 'codicon-error' : 'codicon-warning'}"
                      aria-hidden="true"
                    ></span>
                    <span
                      ><strong>${w.verdict === 'breaks' ? 'Breaks labels' : 'May change labels'}:</strong>
                      ${w.reasons.join(' ')}
                      ${
                        w.pairs.length
                          ? html`<span class="subtle"
                              >(${w.pairs
                                .slice(0, 6)
                                .map(([a, b]) => `${a}→${b}`)
                                .join(', ')})</span
                            >`
                          : nothing
                      }</span
                    >
                  </div>`,
              )}
            </div>`
          : nothing
      }
    </li>`;
  }

  private renderOption(step: StepDocument, index: number, key: string, spec: OptionSpec) {
    const value = step[key];
    const id = `opt-${index}-${key}`;
    const label = html`<label for=${id} title=${spec.doc}>${key}</label>`;
    switch (spec.type) {
      case 'number':
        return html`<div class="option">
          ${label}
          <input
            id=${id}
            class="num-input"
            type="number"
            min=${spec.min}
            max=${spec.max}
            step=${spec.integer ? 1 : 'any'}
            .value=${typeof value === 'number' ? String(value) : ''}
            placeholder=${spec.default !== undefined ? String(spec.default) : ''}
            @change=${(e: Event) => this.onNumber(index, key, e)}
          />
        </div>`;
      case 'range': {
        const pair = Array.isArray(value) ? (value as number[]) : undefined;
        const fallback = spec.default as readonly [number, number] | undefined;
        // One input per end of the range; the label points at the first.
        const end = (which: 0 | 1) =>
          html`<input
            id=${which === 0 ? id : nothing}
            class="num-input"
            type="number"
            step="any"
            min=${spec.min}
            max=${spec.max}
            aria-label=${`${step.name} ${key} ${which === 0 ? 'minimum' : 'maximum'}`}
            .value=${pair ? String(pair[which]) : ''}
            placeholder=${fallback ? String(fallback[which]) : which === 0 ? 'min' : 'max'}
            @change=${(e: Event) => this.onRange(index, key, which, e, fallback)}
          />`;
        return html`<div class="option">
          ${label}
          <span class="range">${end(0)} <span aria-hidden="true">…</span> ${end(1)}</span>
        </div>`;
      }
      case 'enum':
        return html`<div class="option">
          ${label}
          <select
            id=${id}
            class="native-select"
            @change=${(e: Event) => this.edit(setOption(this.pipeline, index, key, (e.target as HTMLSelectElement).value))}
          >
            ${spec.values.map((v) => html`<option value=${v} ?selected=${(value ?? spec.default) === v}>${v}</option>`)}
          </select>
        </div>`;
      case 'boolean':
        return html`<div class="option">
          <vscode-checkbox
            id=${id}
            ?checked=${(value ?? spec.default) === true}
            @change=${(e: Event) => this.edit(setOption(this.pipeline, index, key, (e.target as HTMLInputElement).checked))}
            >${key}</vscode-checkbox
          >
        </div>`;
      case 'size': {
        const pair = Array.isArray(value) ? (value as number[]) : (spec.default as number[] | undefined);
        return html`<div class="option">
          ${label}
          <span class="range">
            <input
              id=${id}
              class="num-input"
              type="number"
              min="1"
              step="1"
              aria-label=${`${step.name} ${key} height`}
              .value=${pair ? String(pair[0]) : ''}
              placeholder="height"
              @change=${(e: Event) => this.onSize(index, key, 0, e, pair)}
            />
            <span aria-hidden="true">×</span>
            <input
              class="num-input"
              type="number"
              min="1"
              step="1"
              aria-label=${`${step.name} ${key} width`}
              .value=${pair ? String(pair[1]) : ''}
              placeholder="width"
              @change=${(e: Event) => this.onSize(index, key, 1, e, pair)}
            />
          </span>
        </div>`;
      }
    }
  }

  private renderGrid(preview: Extract<PreviewResult, { ok: true }>) {
    return html`<div class="preview-grid">
      ${preview.rows.map(
        (row) =>
          html`<div class="preview-row" data-class=${row.className}>
            <div class="preview-label">
              <strong>${row.className}</strong>
              <button class="link" @click=${() => openFile(row.file)} title=${`Open ${row.file}`}>
                ${row.file}
              </button>
            </div>
            ${
              row.error
                ? html`<div class="error-text">${row.error}</div>`
                : html`<div class="preview-cells">
                    ${row.original ? this.cell(row.original, true) : nothing}${row.variants.map((v) => this.cell(v, false))}
                  </div>`
            }
          </div>`,
      )}
    </div>`;
  }

  private cell(image: { src: string; caption: string; width: number }, original: boolean) {
    return html`<figure class="preview-cell ${original ? 'original' : ''}">
      <img
        src=${image.src}
        alt=${original ? 'original' : image.caption}
        class=${image.width < 64 ? 'pixelated' : ''}
      />
      <figcaption title=${image.caption}>${original ? 'original' : image.caption}</figcaption>
    </figure>`;
  }

  private renderExport() {
    const state = this.exportState;
    const p = this.exportProgress;
    return html`<div class="export">
      <h2>Export</h2>
      <div class="toolbar wrap">
        <label for="export-copies">Copies per image</label>
        <input
          id="export-copies"
          class="num-input"
          type="number"
          min="1"
          max="1000"
          .value=${String(this.copies)}
          @change=${(e: Event) => (this.copies = Math.max(1, Math.min(1000, Math.round(Number((e.target as HTMLInputElement).value)) || 1)))}
        />
        <vscode-checkbox
          ?checked=${this.balance}
          @change=${(e: Event) => (this.balance = (e.target as HTMLInputElement).checked)}
          title="Oversample smaller classes to the size of the largest"
          >Balance classes</vscode-checkbox
        >
        <label for="export-format">Format</label>
        <select
          id="export-format"
          class="native-select"
          @change=${(e: Event) => (this.format = ((e.target as HTMLSelectElement).value || null) as ExportImageFormat | null)}
        >
          <option value="">same as source</option>
          ${['png', 'jpeg', 'webp', 'tiff'].map((f) => html`<option value=${f} ?selected=${this.format === f}>${f}</option>`)}
        </select>
      </div>
      <div class="actions">
        ${
          state === 'running'
            ? html`<vscode-button secondary icon="close" @click=${() => rpc.notify(ToHost.cancelExport, {})}
                >Cancel export</vscode-button
              >`
            : html`<vscode-button icon="export" id="export-dataset" @click=${this.exportDataset}
                >Export augmented dataset…</vscode-button
              >`
        }
        ${(['keras', 'torchvision', 'albumentations'] as CodeTarget[]).map(
          (t) =>
            html`<vscode-button secondary icon="code" @click=${() => this.exportCode(t)}
              >${t} code</vscode-button
            >`,
        )}
      </div>
      ${
        state === 'running' && p
          ? html`<vscode-progress-bar
                value=${p.total ? p.done / p.total : 0}
                aria-label="Export progress"
              ></vscode-progress-bar>
              <p class="note">${formatCount(p.done)} / ${formatCount(p.total)}</p>`
          : nothing
      }
      ${
        typeof state === 'object' && state.status === 'done'
          ? html`<p class="note export-done">
              <span class="codicon codicon-pass" aria-hidden="true"></span> Wrote
              ${formatCount(state.written)} of ${formatCount(state.outputs)} image(s) to
              <code>${state.out}</code> in ${state.seconds}
              s${state.failed ? `, ${state.failed} failed` : ''}.
            </p>`
          : nothing
      }
      ${typeof state === 'object' && state.status === 'invalid' ? html`<p class="error-text">Fix the pipeline first: ${state.issues.map((i) => i.message).join('; ')}</p>` : nothing}
      ${this.status ? html`<p class="note">${this.status}</p>` : nothing}
    </div>`;
  }

  private onSeed = (e: Event) => {
    const value = parseNumberField((e.target as HTMLInputElement).value);
    if (value !== undefined && Number.isInteger(value) && value >= 0)
      this.edit(setSeed(this.pipeline, value));
  };

  private reseed = () => this.edit(setSeed(this.pipeline, Math.floor(Math.random() * 0x7fffffff)));

  private onAdd = (e: Event) => {
    const select = e.target as HTMLSelectElement;
    const transform = this.catalog.find((t) => t.name === select.value);
    select.value = '';
    if (transform) this.edit(addStep(this.pipeline, transform));
  };

  private onNumber(index: number, key: string, e: Event): void {
    this.edit(setOption(this.pipeline, index, key, parseNumberField((e.target as HTMLInputElement).value)));
  }

  private onRange(
    index: number,
    key: string,
    side: 0 | 1,
    e: Event,
    fallback: readonly [number, number] | undefined,
  ): void {
    const current = stepsOf(this.pipeline)[index]?.[key];
    const pair = Array.isArray(current) ? (current as number[]) : undefined;
    const typed = parseNumberField((e.target as HTMLInputElement).value);
    const min = side === 0 ? typed : pair?.[0];
    const max = side === 1 ? typed : pair?.[1];
    this.edit(setOption(this.pipeline, index, key, rangeValue(min, max, fallback)));
  }

  private onSize(index: number, key: string, side: 0 | 1, e: Event, current: number[] | undefined): void {
    const typed = parseNumberField((e.target as HTMLInputElement).value);
    const pair = [current?.[0] ?? 224, current?.[1] ?? 224];
    if (typed === undefined) return;
    pair[side] = typed;
    this.edit(setOption(this.pipeline, index, key, pair));
  }

  private save = async () => {
    try {
      const { file } = await rpc.request(ToHost.savePipeline, { pipeline: this.pipeline });
      if (file) {
        this.pipelineFile = file;
        this.status = `Saved ${file}`;
        this.dispatchEvent(new CustomEvent('pipeline-file', { detail: file, bubbles: true }));
      }
    } catch (error) {
      this.status = (error as Error).message;
    }
  };

  private exportDataset = async () => {
    this.exportState = 'running';
    this.exportProgress = { done: 0, total: 0, failed: 0 };
    try {
      const result = await rpc.request(ToHost.exportAugmented, {
        pipeline: this.pipeline,
        copies: this.copies,
        balance: this.balance,
        format: this.format,
      });
      this.exportState = result.status === 'cancelled' ? 'idle' : result;
    } catch (error) {
      this.exportState = 'idle';
      if (!(error instanceof RpcClosedError)) this.status = (error as Error).message;
    }
  };

  private async exportCode(target: CodeTarget): Promise<void> {
    try {
      const result = await rpc.request(ToHost.exportCode, { pipeline: this.pipeline, target });
      this.status = result.ok
        ? `Opened ${target} code in an editor`
        : `Fix the pipeline first: ${result.issues?.map((i) => i.message).join('; ')}`;
    } catch (error) {
      this.status = (error as Error).message;
    }
  }
}

customElements.define('dl-augment', DlAugment);

declare global {
  interface HTMLElementTagNameMap {
    'dl-augment': DlAugment;
  }
}
