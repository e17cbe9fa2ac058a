import { html, nothing } from 'lit';
import {
  EXPORT_IMAGE_FORMATS,
  ToHost,
  type CodeTarget,
  type ExportAugmentedResult,
  type ExportImageFormat,
  type PipelineDocument,
} from '../../src/protocol/messages';
import { RpcClosedError } from '../../src/protocol/rpc';
import { formatCount } from '../format';
import { rememberToggles, toggleValue } from '../toggles';
import { rpc } from '../vscodeApi';
import type { ExportPlanView } from '../../src/protocol/exportPlanView';
import { exportPlanTable } from './exportPlanTable';
import { LightElement } from './lightElement';

export interface ExportProgress {
  done: number;
  total: number;
  failed: number;
}

/**
 * The Augment tab's export: copies, balance and format, the export of the augmented dataset (with its progress,
 * which the app sets from the host's notifications, and its outcome) and the code exports. Messages for the user
 * go up as `status` events; the tab's current one comes back down as `status`.
 */
export class DlAugmentExport extends LightElement {
  static override properties = {
    pipeline: { attribute: false },
    exportState: { state: true },
    progress: { attribute: false },
    copies: { state: true },
    balance: { state: true },
    keepOriginals: { state: true },
    plan: { state: true },
    planError: { state: true },
    format: { state: true },
    status: { attribute: false },
  };
  declare pipeline: PipelineDocument;
  declare exportState: 'idle' | 'running' | ExportAugmentedResult;
  declare progress: ExportProgress | null;
  declare copies: number;
  declare balance: boolean;
  declare keepOriginals: boolean;
  /** What an export with the current settings writes per class (asked of the host as they change). */
  declare plan: ExportPlanView | null;
  declare planError: string | null;
  private planSeq = 0;
  declare format: ExportImageFormat | null;
  /** The tab's last message for the user (saves, code exports, failures), shown under the buttons. */
  declare status: string;

  constructor() {
    super();
    this.exportState = 'idle';
    this.progress = null;
    this.copies = toggleValue('export.copies', 1, (n) => Number.isInteger(n) && n >= 1 && n <= 1000);
    this.balance = toggleValue('export.balance', false);
    this.keepOriginals = toggleValue('export.keepOriginals', false);
    this.plan = null;
    this.planError = null;
    const format = toggleValue<string>('export.format', '', (f) =>
      EXPORT_IMAGE_FORMATS.includes(f as ExportImageFormat),
    );
    this.format = format ? (format as ExportImageFormat) : null;
    this.status = '';
  }

  protected override updated(changed: Map<string, unknown>): void {
    const { copies, balance, keepOriginals, format } = this;
    rememberToggles('export', { copies, balance, keepOriginals, format: format ?? '' }, [
      'copies',
      'balance',
      'keepOriginals',
      'format',
    ]);
    if (['copies', 'balance', 'keepOriginals'].some((k) => changed.has(k))) void this.refreshPlan();
  }

  /** Asks the host for the plan of the current settings; answers to older settings are dropped. */
  private async refreshPlan(): Promise<void> {
    const seq = ++this.planSeq;
    try {
      const { copies, balance, keepOriginals } = this;
      const plan = await rpc.request(ToHost.exportPlan, { copies, balance, keepOriginals });
      if (seq !== this.planSeq) return;
      this.plan = plan;
      this.planError = null;
    } catch (error) {
      if (seq !== this.planSeq || error instanceof RpcClosedError) return;
      this.planError = (error as Error).message;
    }
  }

  protected override render() {
    const state = this.exportState;
    const p = this.progress;
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
        <vscode-checkbox
          class="keep-originals"
          ?checked=${this.keepOriginals}
          @change=${(e: Event) => (this.keepOriginals = (e.target as HTMLInputElement).checked)}
          title="Write each source image unaugmented too, so the output is a whole training set"
          >Keep originals</vscode-checkbox
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
      ${exportPlanTable(this.plan, this.planError, this.balance, this.keepOriginals)}
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

  private exportDataset = async () => {
    this.exportState = 'running';
    this.progress = { done: 0, total: 0, failed: 0 };
    try {
      const result = await rpc.request(ToHost.exportAugmented, {
        pipeline: this.pipeline,
        copies: this.copies,
        balance: this.balance,
        keepOriginals: this.keepOriginals,
        format: this.format,
      });
      this.exportState = result.status === 'cancelled' ? 'idle' : result;
    } catch (error) {
      this.exportState = 'idle';
      if (!(error instanceof RpcClosedError)) this.say((error as Error).message);
    }
  };

  private async exportCode(target: CodeTarget): Promise<void> {
    try {
      const result = await rpc.request(ToHost.exportCode, { pipeline: this.pipeline, target });
      this.say(
        result.ok
          ? `Opened ${target} code in an editor`
          : `Fix the pipeline first: ${result.issues?.map((i) => i.message).join('; ')}`,
      );
    } catch (error) {
      this.say((error as Error).message);
    }
  }

  private say(status: string): void {
    this.dispatchEvent(new CustomEvent('status', { detail: status }));
  }
}

customElements.define('dl-augment-export', DlAugmentExport);

declare global {
  interface HTMLElementTagNameMap {
    'dl-augment-export': DlAugmentExport;
  }
}
