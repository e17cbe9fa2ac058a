import { html, nothing } from 'lit';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import type { PreviewImage, PreviewResult, PreviewRowView } from '../../src/protocol/messages';
import { cssomStyle } from '../directives/cssomStyle';
import { renderVariantMark } from './labelSafety';
import { openFile } from './thumbnail';

/** What the preview shows and the two choices it offers (how many variants, how many files per class). */
export interface PreviewView {
  preview: PreviewResult | null;
  previewing: boolean;
  error: string | null;
  /** The pipeline has validation issues (the editor shows them; the grid then has nothing to draw). */
  invalid: boolean;
  /** The label safety of the pipeline shown: variants a flagged step changed are marked. */
  safety: LabelSafetyReport | null;
  variants: number;
  perClass: number;
  onVariants: (n: number) => void;
  onPerClass: (n: number) => void;
  /** Cell side in CSS pixels, one of CELL_SIZES. */
  cellSize: number;
  onCellSize: (n: number) => void;
  /** The cell shown large (a click on a variant), and how to show or close one. */
  enlarged: Enlarged | null;
  onEnlarge: (shown: Enlarged | null) => void;
}

/** The cell sizes the slider stops at (px): from a glance at many classes to a size where detail can be judged. */
export const CELL_SIZES: readonly number[] = [96, 128, 160, 192, 224, 256, 320, 384];

/** A variant shown large beside its original, with the parameters sampled for it. */
export interface Enlarged {
  row: PreviewRowView;
  variant: PreviewImage;
}

/** The Augment tab's preview: a seeded before/after grid per class, with its settings and timing. */
export function augmentPreview(view: PreviewView) {
  const { preview } = view;
  return html`<div class="toolbar">
      <h2>Preview</h2>
      ${view.previewing ? html`<vscode-progress-ring class="small" aria-label="Rendering preview"></vscode-progress-ring>` : nothing}
      <span class="subtle">${preview?.ok ? `seed ${preview.seed} · ${preview.ms} ms` : ''}</span>
      <span class="spacer"></span>
      <label for="preview-variants">Variants</label>
      <select
        id="preview-variants"
        class="native-select"
        @change=${(e: Event) => view.onVariants(Number((e.target as HTMLSelectElement).value))}
      >
        ${[1, 2, 3, 4, 5, 6, 8].map((n) => html`<option value=${n} ?selected=${n === view.variants}>${n}</option>`)}
      </select>
      <label for="preview-per-class">Per class</label>
      <select
        id="preview-per-class"
        class="native-select"
        @change=${(e: Event) => view.onPerClass(Number((e.target as HTMLSelectElement).value))}
      >
        ${[1, 2, 3, 4].map((n) => html`<option value=${n} ?selected=${n === view.perClass}>${n}</option>`)}
      </select>
      <label for="preview-cell-size">Cell size</label>
      <input
        id="preview-cell-size"
        type="range"
        min="0"
        max=${CELL_SIZES.length - 1}
        step="1"
        .value=${String(Math.max(0, CELL_SIZES.indexOf(view.cellSize)))}
        aria-valuetext=${`${view.cellSize} px`}
        @change=${(e: Event) => view.onCellSize(CELL_SIZES[Number((e.target as HTMLInputElement).value)] ?? 160)}
      />
      <output class="cell-size-value" for="preview-cell-size">${view.cellSize} px</output>
    </div>
    ${view.error ? html`<p class="error-text">${view.error}</p>` : nothing}
    ${preview?.ok ? previewGrid(preview, view) : !view.error && !view.invalid ? html`<p class="note">Rendering…</p>` : nothing}
    ${view.enlarged ? largeView(view.enlarged, () => view.onEnlarge(null)) : nothing}`;
}

/** One variant large, beside its original, with the sampled parameters in full; Escape or a click outside closes. */
function largeView({ row, variant }: Enlarged, close: () => void) {
  const image = (img: PreviewImage, label: string) =>
    html`<figure>
      <img src=${img.src} alt=${label} class="pixelated" width=${img.width} height=${img.height} />
      <figcaption>${label} · ${img.width}×${img.height}</figcaption>
    </figure>`;
  return html`<div
    class="preview-large"
    role="dialog"
    aria-modal="true"
    aria-label=${`${row.className}: ${row.file}, original and augmented`}
    tabindex="-1"
    @click=${(e: Event) => e.target === e.currentTarget && close()}
    @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && close()}
  >
    <div class="preview-large-body">
      <div class="toolbar">
        <strong>${row.className}</strong> <span class="subtle">${row.file}</span>
        <span class="spacer"></span>
        <vscode-button secondary icon="close" class="close" @click=${close}>Close</vscode-button>
      </div>
      <div class="preview-large-pair">
        ${row.original ? image(row.original, 'original') : nothing} ${image(variant, 'augmented')}
      </div>
      <p class="sampled"><strong>Sampled:</strong> <span class="sampled-params">${variant.caption}</span></p>
    </div>
  </div>`;
}

function previewGrid(preview: Extract<PreviewResult, { ok: true }>, view: PreviewView) {
  const { safety } = view;
  return html`<div class="preview-grid" style=${cssomStyle({ '--cell-size': `${view.cellSize}px` })}>
    ${preview.rows.map(
      (row) =>
        html`<div class="preview-row" data-class=${row.className}>
          <div class="preview-label">
            <strong>${row.className}</strong>
            <button class="link" @click=${() => openFile(row.file)} title=${`Open ${row.file}`}>
              ${row.file}
            </button>
            ${row.reduced ? reducedNote(row.reduced) : nothing}
          </div>
          ${
            row.error
              ? html`<div class="error-text">${row.error}</div>`
              : html`<div class="preview-cells">
                  ${row.original ? cell(row.original, true) : nothing}${row.variants.map((v) => cell(v, false, renderVariantMark(safety, row.className, v.steps), () => view.onEnlarge({ row, variant: v })))}
                </div>`
          }
        </div>`,
    )}
    ${preview.unlistable.map(
      (u) =>
        html`<div class="preview-row unlistable">
          <div class="preview-label"><strong>could not be listed</strong> ${u.file}</div>
          <div class="error-text">${u.message}</div>
        </div>`,
    )}
  </div>`;
}

/** A source shown from a reduced decode: its variants are not the exported ones, and the row says so. */
function reducedNote(r: NonNullable<PreviewRowView['reduced']>) {
  return html`<span
    class="subtle preview-reduced"
    title="Made at a reduced scale to stay within memory: export works at full size, so its outputs differ"
    >made at ${Math.round(r.scale * 1000) / 1000}× of ${r.sourceWidth}×${r.sourceHeight}</span
  >`;
}

function cell(image: PreviewImage, original: boolean, mark: unknown = nothing, enlarge?: () => void) {
  return html`<figure
    class="preview-cell ${original ? 'original' : ''} ${enlarge ? 'enlargeable' : ''}"
    role=${enlarge ? 'button' : nothing}
    tabindex=${enlarge ? '0' : nothing}
    title=${enlarge ? 'Show large, beside the original, with its sampled parameters' : nothing}
    @click=${() => enlarge?.()}
    @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && enlarge?.()}
  >
    ${mark}
    <img
      src=${image.src}
      alt=${original ? 'original' : image.caption}
      class=${image.width < 64 ? 'pixelated' : ''}
    />
    <figcaption title=${image.caption}>${original ? 'original' : image.caption}</figcaption>
  </figure>`;
}
