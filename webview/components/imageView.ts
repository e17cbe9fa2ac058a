import { html, nothing } from 'lit';
import type { BrowseIndex } from '../../src/core/browse/browseIndex';
import type { ImageDetails } from '../../src/core/browse/imageDetails';
import type { FileIssue } from '../../src/core/engine/report';
import { issueKindLabel } from '../../src/protocol/labels';
import { ToHost, type Thumbnail } from '../../src/protocol/messages';
import { formatCount, formatFixed } from '../format';
import { rpc } from '../vscodeApi';
import { LightElement } from './lightElement';
import { openFile } from './thumbnail';

/** The largest render the host makes (ToHost.thumbnails' limit). */
const MAX_RENDER = 1024;

/**
 * One image large, rendered for the size it is shown at (its box times the device pixel ratio, not a thumbnail
 * stretched), with the figures the analysis measures, its class, split and findings. Arrows step through the
 * filtered images (`navigate`), Escape or the close button closes (`close`).
 */
export class DlImageView extends LightElement {
  static override properties = {
    index: { attribute: false },
    at: { type: Number },
    findings: { attribute: false },
    position: { type: Number },
    count: { type: Number },
    picture: { state: true },
    details: { state: true },
  };
  declare index: BrowseIndex;
  /** The file's position in the index. */
  declare at: number;
  declare findings: FileIssue[];
  /** Its position among the filtered images, and how many there are. */
  declare position: number;
  declare count: number;
  declare picture: Thumbnail | null;
  declare details: ImageDetails | null;
  /** The render size asked of the host: the picture's box in device pixels. */
  private requested = 0;

  constructor() {
    super();
    this.picture = null;
    this.details = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
  }

  private get file(): string {
    return this.index.files[this.at];
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('at')) return;
    this.querySelector<HTMLElement>('.image-view')?.focus();
    const file = this.file;
    this.picture = null;
    this.details = null;
    const box = this.querySelector<HTMLElement>('.image-view-picture');
    const side = Math.max(box?.clientWidth ?? 0, box?.clientHeight ?? 0) * (window.devicePixelRatio || 1);
    const size = Math.max(16, Math.min(MAX_RENDER, Math.ceil(side)));
    this.requested = size;
    rpc
      .request(ToHost.thumbnails, { files: [file], size })
      .then(([thumb]) => this.file === file && (this.picture = thumb))
      .catch(
        (error: unknown) => this.file === file && (this.picture = { file, error: (error as Error).message }),
      );
    rpc
      .request(ToHost.imageDetails, { file })
      .then((details) => this.file === file && (this.details = details))
      .catch(
        (error: unknown) =>
          this.file === file &&
          (this.details = { ok: false, file, kind: 'unreadable', message: (error as Error).message }),
      );
  }

  protected override render() {
    const file = this.file;
    const index = this.index;
    const picture = this.picture;
    return html`<div class="image-view-backdrop" @click=${this.close}>
      <div
        class="image-view"
        role="dialog"
        aria-modal="true"
        aria-label=${`Image ${file}`}
        tabindex="-1"
        @click=${(e: Event) => e.stopPropagation()}
      >
        <header class="image-view-header">
          <vscode-toolbar-button
            icon="arrow-left"
            label="Previous image"
            data-step="-1"
            ?disabled=${this.position <= 0}
            @click=${() => this.step(-1)}
          ></vscode-toolbar-button>
          <span class="subtle">${formatCount(this.position + 1)} of ${formatCount(this.count)}</span>
          <vscode-toolbar-button
            icon="arrow-right"
            label="Next image"
            data-step="1"
            ?disabled=${this.position >= this.count - 1}
            @click=${() => this.step(1)}
          ></vscode-toolbar-button>
          <h2 class="image-view-file" title=${file}>${file}</h2>
          <vscode-button secondary icon="go-to-file" @click=${() => openFile(file)}>Open</vscode-button>
          <vscode-toolbar-button
            icon="close"
            label="Close"
            data-action="close"
            @click=${this.close}
          ></vscode-toolbar-button>
        </header>
        <div class="image-view-body">
          <div class="image-view-picture">
            ${
              picture?.src
                ? html`<img
                    src=${picture.src}
                    alt=${file}
                    data-rendered=${`${picture.width}x${picture.height}`}
                    data-requested=${this.requested}
                    class=${this.details?.ok && picture.width === this.details.width ? 'pixelated' : ''}
                  />`
                : picture?.error
                  ? html`<p class="error">
                      <span class="codicon codicon-error" aria-hidden="true"></span> ${picture.error}
                    </p>`
                  : html`<vscode-progress-ring></vscode-progress-ring>`
            }
          </div>
          <dl class="image-figures">
            ${this.figure('Class', index.classes[index.classOf[this.at]] ?? '—')}
            ${index.splits.length ? this.figure('Split', index.splits[index.splitOf[this.at]] ?? '—') : nothing}
            ${this.measured()}
          </dl>
        </div>
        ${this.findingsList()}
      </div>
    </div>`;
  }

  private figure(term: string, value: string, name = term.toLowerCase()) {
    return html`<dt>${term}</dt>
      <dd data-figure=${name}>${value}</dd>`;
  }

  private measured() {
    const d = this.details;
    if (!d)
      return html`<dt>Figures</dt>
        <dd><vscode-progress-ring></vscode-progress-ring></dd>`;
    if (!d.ok) return this.figure('Cannot be read', `${issueKindLabel(d.kind)}: ${d.message}`, 'error');
    return html`
      ${this.figure('Size', `${d.width} × ${d.height} px`, 'size')}
      ${this.figure('Mode', `${d.mode}${d.hadAlpha ? ' (with alpha)' : ''}`, 'mode')}
      ${this.figure('Format', d.format, 'format')}
      ${this.figure(d.file.includes('#') ? 'Bytes stored' : 'File size', `${formatCount(d.bytes)} bytes`, 'bytes')}
      ${this.figure('Brightness 5th / 99th percentile', `${formatFixed(d.brightnessP5)} / ${formatFixed(d.brightnessP99)}`, 'brightness')}
      ${this.figure('Entropy', `${formatFixed(d.entropy)} bits`, 'entropy')}
      ${this.figure('Sharpness (blur score)', d.blur === null ? 'flat image' : formatFixed(d.blur), 'blur')}
    `;
  }

  private findingsList() {
    if (!this.findings.length)
      return html`<p class="subtle image-view-findings" data-findings="0">No finding.</p>`;
    return html`<ul class="image-view-findings" data-findings=${this.findings.length}>
      ${this.findings.map((f) => html`<li><strong>${issueKindLabel(f.kind)}</strong>: ${f.message}</li>`)}
    </ul>`;
  }

  private step(by: number): void {
    const next = this.position + by;
    if (next < 0 || next >= this.count) return;
    this.dispatchEvent(new CustomEvent('navigate', { detail: next }));
  }

  private close = (): void => {
    this.dispatchEvent(new CustomEvent('close'));
  };

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') this.close();
    else if (e.key === 'ArrowLeft') this.step(-1);
    else if (e.key === 'ArrowRight') this.step(1);
    else return;
    e.preventDefault();
  };
}

customElements.define('dl-image-view', DlImageView);

declare global {
  interface HTMLElementTagNameMap {
    'dl-image-view': DlImageView;
  }
}
