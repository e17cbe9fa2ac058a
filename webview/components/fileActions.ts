import { html, nothing } from 'lit';
import { ToHost, type FileAction } from '../../src/protocol/messages';
import { formatCount } from '../format';
import { rpc } from '../vscodeApi';
import { LightElement } from './lightElement';

/** Layouts whose files are folders' files (containers' members cannot be moved, only excluded). */
const MOVABLE = ['imagefolder', 'splits', 'csv', 'flat'];
/** Layouts whose labels are their class folders. */
const CLASS_FOLDERS = ['imagefolder', 'splits'];

/**
 * Exclude, move to class…, quarantine… and export list… for the selected files, with what the last action did
 * and Undo for a move: the triage bar of the Quality tab's table and of the Content tab's map. Fires `acted`
 * when files were excluded or moved (the owner clears its selection).
 */
export class DlFileActions extends LightElement {
  static override properties = {
    files: { attribute: false },
    layout: {},
    disabled: { type: Boolean },
    busy: { state: true },
    status: { state: true },
    undoable: { state: true },
  };
  /** The selected files. */
  declare files: readonly string[];
  declare layout: string;
  /** An analysis is running: nothing to act on yet. */
  declare disabled: boolean;
  /** An action is running (its dialogs are open): the buttons wait. */
  declare busy: boolean;
  /** What the last action did, in a sentence. */
  declare status: string;
  /** The last action moved files: Undo moves them back. */
  declare undoable: boolean;

  constructor() {
    super();
    this.files = [];
    this.layout = '';
    this.disabled = false;
    this.busy = false;
    this.status = '';
    this.undoable = false;
  }

  protected override render() {
    const n = this.files.length;
    const button = (action: FileAction | 'export', label: string, why = '') =>
      html`<vscode-button
        secondary
        data-action=${action}
        ?disabled=${!n || this.busy || this.disabled || !!why}
        title=${why}
        @click=${() => void this.act(action)}
        >${label}</vscode-button
      >`;
    const notMovable = MOVABLE.includes(this.layout)
      ? ''
      : `The members of ${this.layout} files can be excluded, not moved`;
    return html`<div class="finding-actions" role="toolbar" aria-label="Act on the selected files">
      <span class="selection-count" data-selected=${n}
        >${n ? `${formatCount(n)} file(s) selected` : 'Select files to act on them'}</span
      >
      ${button('exclude', 'Exclude')}
      ${button(
        'moveToClass',
        'Move to class…',
        CLASS_FOLDERS.includes(this.layout) ? '' : 'Only where class folders are the labels',
      )}
      ${button('quarantine', 'Quarantine…', notMovable)} ${button('export', 'Export list…')}
      ${this.status ? html`<span class="action-status" role="status">${this.status}</span>` : nothing}
      ${
        this.undoable
          ? html`<vscode-button data-action="undo" ?disabled=${this.busy} @click=${() => void this.undo()}
              >Undo move</vscode-button
            >`
          : nothing
      }
    </div>`;
  }

  private async act(action: FileAction | 'export'): Promise<void> {
    const files = [...this.files];
    this.busy = true;
    try {
      if (action === 'export') {
        const { savedTo } = await rpc.request(ToHost.exportFindings, { files });
        this.status = savedTo ? `Exported ${files.length} file(s)' findings to ${savedTo}` : '';
        return;
      }
      const result = await rpc.request(ToHost.actOnFiles, { action, files });
      if (result.cancelled) return;
      const verb = action === 'exclude' ? 'Excluded' : 'Moved';
      const refused = result.refused.length ? `; ${result.refused.length} left as they were` : '';
      this.status = `${verb} ${result.done} file(s)${refused}${result.done ? ': analysing again' : ''}`;
      if (result.done) this.dispatchEvent(new CustomEvent('acted', { bubbles: true }));
      this.undoable = result.done > 0 && action !== 'exclude';
    } catch (error) {
      this.status = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async undo(): Promise<void> {
    this.busy = true;
    try {
      const { movedBack } = await rpc.request(ToHost.undoMove, {});
      this.status = `Moved ${movedBack} file(s) back${movedBack ? ': analysing again' : ''}`;
      this.undoable = false;
    } catch (error) {
      this.status = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('dl-file-actions', DlFileActions);

declare global {
  interface HTMLElementTagNameMap {
    'dl-file-actions': DlFileActions;
  }
}
