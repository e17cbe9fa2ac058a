import { html, nothing } from 'lit';
import { ToHost } from '../../src/protocol/messages';
import { baseName } from '../format';
import type { ThumbnailStore } from '../thumbnails';
import { rpc } from '../vscodeApi';

/** Opens a dataset file in VS Code (the host checks it lies inside the dataset). */
export function openFile(file: string): void {
  void rpc.request(ToHost.openFile, { file }).catch(() => undefined);
}

/**
 * One image as a keyboard-focusable button: thumbnail (or a placeholder while it loads / when it cannot be
 * decoded), file name and a note. Enter or click opens the file.
 */
export function thumbnailButton(store: ThumbnailStore, file: string, note?: string, badge?: string) {
  const thumb = store.get(file);
  return html`<button
    class="thumb"
    @click=${() => openFile(file)}
    title=${`${file}${note ? `\n${note}` : ''}`}
    aria-label=${`Open ${file}${note ? `: ${note}` : ''}`}
    data-file=${file}
  >
    <span class="thumb-image">
      ${
        thumb?.src
          ? html`<img src=${thumb.src} alt="" class=${(thumb.width ?? 99) < 48 ? 'pixelated' : ''} />`
          : thumb?.error
            ? html`<span class="codicon codicon-error" aria-hidden="true"></span>`
            : html`<span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span>`
      }
    </span>
    ${badge ? html`<span class="thumb-badge">${badge}</span>` : nothing}
    <span class="thumb-name">${baseName(file)}</span>
    ${note ? html`<span class="thumb-note">${note}</span>` : nothing}
  </button>`;
}
