import { html } from 'lit';
import { ToHost } from '../../src/protocol/messages';
import { rpc } from '../vscodeApi';

/** A button that copies text through the host (the clipboard API is not reliable inside webview iframes). */
export function copyButton(label: string, text: () => string, what: string) {
  const copy = () => {
    let value: string;
    try {
      value = text();
    } catch {
      return;
    }
    void rpc.request(ToHost.copyText, { text: value, label: what });
  };
  return html`<vscode-button secondary icon="copy" @click=${copy} title=${`Copy ${what} to the clipboard`}
    >${label}</vscode-button
  >`;
}
