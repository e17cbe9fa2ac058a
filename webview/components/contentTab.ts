import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { ToHost, type SimilarView } from '../../src/protocol/messages';
import { formatCount } from '../format';
import type { ThumbnailStore } from '../thumbnails';
import { rpc } from '../vscodeApi';
import './contentMap';
import { LightElement } from './lightElement';
import { thumbnailButton } from './thumbnail';

type LabelIssue = NonNullable<DatasetReport['labelIssues']>[number];

/** Near-duplicate groups and outliers shown per list; the JSON report has them all. */
const SHOWN = 60;
/** Images "More like this" shows. */
const SIMILAR_K = 12;
/** Layouts whose labels are their class folders: a file moves to another class by moving folders. */
const CLASS_FOLDERS = ['imagefolder', 'splits'];

/**
 * What the content checks found (`analyze --content`): possible label errors with the class they look like,
 * near duplicates by content, the most atypical images per class. Without them, one button runs them (the
 * header then shows the progress and a Cancel button, as for any analysis).
 */
export class DlContent extends LightElement {
  static override properties = {
    report: { attribute: false },
    store: { attribute: false },
    analysing: { type: Boolean },
    thumbSize: { type: Number },
    similar: { state: true },
    moved: { state: true },
  };
  declare report: DatasetReport;
  declare store: ThumbnailStore;
  declare analysing: boolean;
  declare thumbSize: number;
  /** "More like this": asked for `file`, then its answer or why there is none. */
  declare similar: { file: string; view?: SimilarView; error?: string } | null;
  /** The last "move to suggested class": what it did, and whether Undo can move it back. */
  declare moved: { status: string; undoable: boolean; busy: boolean };
  private readonly onThumbs = () => this.requestUpdate();

  constructor() {
    super();
    this.similar = null;
    this.moved = { status: '', undoable: false, busy: false };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.addEventListener('change', this.onThumbs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('change', this.onThumbs);
  }

  protected override render() {
    const content = this.report.content;
    if (!content) {
      return html`<section class="content-start">
        <p>
          Embed every image with the CNN that ships with Dataset Lens (MobileNetV2, nothing downloaded) to
          find images whose folder is likely the wrong class, near duplicates that survive re-encoding,
          resizing, crops and mirroring, and the most atypical images of each class. It adds a forward pass
          per image; the vectors are cached for the next run.
        </p>
        <vscode-button
          icon="sparkle"
          data-action="analyze-content"
          ?disabled=${this.analysing}
          @click=${() => rpc.notify(ToHost.analyzeContent, {})}
          >Analyse content</vscode-button
        >
      </section>`;
    }
    return html`
      <p class="note">
        ${formatCount(content.embedded)} images embedded by ${content.model.architecture}
        (${content.model.layer}, ${content.model.inputSize} px).
        ${content.skipped ? html`<strong>Not searched:</strong> ${content.skipped}.` : nothing}
      </p>
      ${this.renderSimilar()}
      <dl-content-map
        .report=${this.report}
        .store=${this.store}
        ?analysing=${this.analysing}
      ></dl-content-map>
      ${this.renderLabelIssues()} ${this.renderNearDuplicates()} ${this.renderOutliers()}
    `;
  }

  /** A thumbnail (click opens the file) with a "More like this" button under it (and `extra` under that). */
  private cell(file: string, note?: string, badge?: string, extra: unknown = nothing) {
    return html`<div class="content-cell">
      ${thumbnailButton(this.store, file, note, badge)} ${extra}
      <button
        class="similar-button"
        data-similar=${file}
        aria-label=${`Images like ${file}`}
        @click=${() => void this.findSimilar(file)}
      >
        <span class="codicon codicon-search" aria-hidden="true"></span> More like this
      </button>
    </div>`;
  }

  /** One click: the file into the class it looks like (class-folder layouts only); Undo moves it back. */
  private moveButton(issue: LabelIssue) {
    if (!CLASS_FOLDERS.includes(this.report.layout)) return nothing;
    return html`<button
      class="similar-button move-suggested"
      data-move=${issue.file}
      ?disabled=${this.moved.busy || this.analysing}
      aria-label=${`Move ${issue.file} to class ${issue.suggested}`}
      @click=${() => void this.moveToSuggested(issue.file)}
    >
      <span class="codicon codicon-move" aria-hidden="true"></span> Move to ${issue.suggested}
    </button>`;
  }

  private async moveToSuggested(file: string): Promise<void> {
    this.moved = { ...this.moved, busy: true };
    try {
      const r = await rpc.request(ToHost.moveToSuggested, { file });
      const why = r.refused[0] ? `: ${r.refused[0].reason}` : '';
      const status = r.done ? `Moved ${file}: analysing again` : `${file} was not moved${why}`;
      this.moved = { status, undoable: r.done > 0, busy: false };
    } catch (error) {
      this.moved = { status: (error as Error).message, undoable: false, busy: false };
    }
  }

  private async undoMove(): Promise<void> {
    this.moved = { ...this.moved, busy: true };
    try {
      const { movedBack } = await rpc.request(ToHost.undoMove, {});
      this.moved = { status: `Moved ${movedBack} file(s) back`, undoable: false, busy: false };
    } catch (error) {
      this.moved = { status: (error as Error).message, undoable: false, busy: false };
    }
  }

  private moveStatus() {
    if (!this.moved.status) return nothing;
    return html`<p class="note move-status" role="status">
      ${this.moved.status}
      ${
        this.moved.undoable
          ? html`<vscode-button
              data-action="undo-move"
              ?disabled=${this.moved.busy}
              @click=${() => void this.undoMove()}
              >Undo move</vscode-button
            >`
          : nothing
      }
    </p>`;
  }

  private async findSimilar(file: string): Promise<void> {
    this.similar = { file };
    try {
      const view = await rpc.request(ToHost.similar, { file, k: SIMILAR_K });
      if (this.similar?.file === file) this.similar = { file, view };
    } catch (error) {
      if (this.similar?.file === file)
        this.similar = { file, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private renderSimilar() {
    const s = this.similar;
    if (!s) return nothing;
    if (s.view) this.store.want([s.file, ...s.view.similar.map((x) => x.file)]);
    return html`<section data-section="similar">
      <h2>
        More like ${s.file}
        <span class="subtle">${s.view ? `of ${formatCount(s.view.compared)} images, by content` : ''}</span>
        <vscode-button secondary icon="close" @click=${() => (this.similar = null)}>Close</vscode-button>
      </h2>
      ${
        s.error
          ? html`<p class="note" role="alert">${s.error}</p>`
          : s.view
            ? html`<div class="group-files">
                ${thumbnailButton(this.store, s.file, 'the image')}
                ${s.view.similar.map((x) =>
                  thumbnailButton(this.store, x.file, `similarity ${x.similarity.toFixed(2)}`),
                )}
              </div>`
            : html`<vscode-progress-ring></vscode-progress-ring>`
      }
    </section>`;
  }

  private renderLabelIssues() {
    const check = this.report.content?.labelIssues;
    const issues = this.report.labelIssues ?? [];
    const size = this.thumbSize;
    const subtitle = check?.notJudged
      ? 'not judged'
      : `${formatCount(issues.length)} image(s), likeliest first`;
    return html`<section data-section="label-issues">
      <h2>
        Possible label errors
        <span class="subtle">${subtitle}</span>
      </h2>
      ${
        check
          ? html`<p class="note">
              Each image's class as predicted by a ${check.classifier} trained on the other images
              (${check.folds}-fold, ${formatCount(check.examined)} images,
              ${(check.accuracy * 100).toFixed(1)}% agree with their folder), then confident learning. A flag
              is a place to look, not a verdict: classes that look alike flag images that are not wrong.
              ${check.classesLeftOut.length ? html`Not examined (fewer than ${check.folds} images): ${check.classesLeftOut.join(', ')}.` : nothing}
            </p>`
          : html`<p class="note">Not run: it needs two classes with at least 5 images each.</p>`
      }
      ${this.moveStatus()}
      ${
        issues.length
          ? html`<dl-virtual-grid
              label="Possible label errors"
              .items=${issues}
              .cellWidth=${size + 24}
              .cellHeight=${size + (CLASS_FOLDERS.includes(this.report.layout) ? 110 : 84)}
              .renderItem=${(issue: LabelIssue) =>
                this.cell(
                  issue.file,
                  `${issue.given} → ${issue.suggested}`,
                  issue.score.toFixed(2),
                  this.moveButton(issue),
                )}
              @visible-items=${(e: CustomEvent<LabelIssue[]>) => this.store.want(e.detail.map((i) => i.file))}
            ></dl-virtual-grid>`
          : check?.notJudged
            ? html`<p class="empty" data-not-judged>
                <span class="codicon codicon-info" aria-hidden="true"></span> Not judged: ${check.notJudged}.
              </p>`
            : check
              ? html`<p class="empty">
                  <span class="codicon codicon-pass" aria-hidden="true"></span> No label flagged.
                </p>`
              : nothing
      }
    </section>`;
  }

  private renderNearDuplicates() {
    const groups = this.report.quality.duplicates.near.filter((g) => g.method === 'content');
    const shown = groups.slice(0, SHOWN);
    this.store.want(shown.flatMap((g) => g.files.slice(0, 8)));
    return html`<section data-section="content-duplicates">
      <h2>Near duplicates by content <span class="subtle">${formatCount(groups.length)} group(s)</span></h2>
      <div class="groups">
        ${shown.map(
          (g, i) =>
            html`<div class="group" role="group" aria-label=${`Group ${i + 1}`}>
              <div class="group-label">
                #${i + 1} similarity ${(g.similarity ?? 0).toFixed(2)}, pixels agree
                ${(g.pixelAgreement ?? 0).toFixed(2)}
              </div>
              <div class="group-files">
                ${g.files.slice(0, 8).map((f) => thumbnailButton(this.store, f, f.split('/').slice(0, -1).join('/')))}
              </div>
            </div>`,
        )}
      </div>
      ${groups.length > shown.length ? html`<p class="note">${groups.length - shown.length} more group(s) in the JSON report.</p>` : nothing}
    </section>`;
  }

  private renderOutliers() {
    const outliers = this.report.content?.outliers;
    if (!outliers) return nothing;
    const lists = [
      ...outliers.byClass.map((c) => ({ name: c.class, images: c.images, inClass: true })),
      { name: 'whole dataset', images: outliers.overall, inClass: false },
    ].filter((l) => l.images.length);
    this.store.want(lists.flatMap((l) => l.images.map((e) => e.file)).slice(0, SHOWN * 5));
    return html`<section data-section="outliers">
      <h2>
        Most atypical images <span class="subtle">farthest from their ${outliers.k} nearest images</span>
      </h2>
      ${lists.map(
        (l) =>
          html`<div class="group" role="group" aria-label=${`Atypical: ${l.name}`}>
            <div class="group-label">${l.name}</div>
            <div class="group-files">
              ${l.images.map((e) =>
                this.cell(
                  e.file,
                  `distance ${(l.inClass ? (e.scoreInClass ?? e.score) : e.score).toFixed(2)}`,
                ),
              )}
            </div>
          </div>`,
      )}
    </section>`;
  }
}

customElements.define('dl-content', DlContent);

declare global {
  interface HTMLElementTagNameMap {
    'dl-content': DlContent;
  }
}
