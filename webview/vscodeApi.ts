import type { ToHostMessage, ToWebviewMessage, WebviewState } from '../src/protocol/messages';
import { RpcEndpoint, type Envelope } from '../src/protocol/rpc';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

/** The panel's end of the typed channel to the extension host. */
export const rpc = new RpcEndpoint<ToHostMessage, ToWebviewMessage>((message) => api.postMessage(message));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as Partial<Envelope> | null;
  if (
    data &&
    typeof data === 'object' &&
    (data.kind === 'response' || data.kind === 'notification' || data.kind === 'request')
  ) {
    rpc.receive(data as Envelope);
  }
});

window.addEventListener('unload', () => rpc.close('the panel is reloading'));

export function loadState(): Partial<WebviewState> {
  const state = api.getState();
  return state && typeof state === 'object' ? (state as Partial<WebviewState>) : {};
}

/** Persists what survives a reload (VS Code hands it to the serializer after a window reload). */
export function saveState(state: WebviewState): void {
  api.setState(state);
}
