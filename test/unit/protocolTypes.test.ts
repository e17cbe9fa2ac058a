/**
 * What the compiler refuses in the panel protocol. Each `@ts-expect-error` below is a line that must NOT compile:
 * `npm run check-types` fails ("Unused '@ts-expect-error' directive") the day one of them starts compiling.
 * The runtime checks confirm the registries hold what the types say.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToHost, ToWebview, type ToHostMessage, type ToWebviewMessage } from '../../src/protocol/messages';
import {
  checkedNotification,
  checkedRequest,
  defineCheckedMessages,
  notification,
  requestType,
  type HandlersOf,
} from '../../src/protocol/messageTypes';
import { RpcEndpoint } from '../../src/protocol/rpc';

/** Never called: the lines are here for the type checker. */
function compileTimeOnly(): void {
  const host = new RpcEndpoint<ToWebviewMessage, ToHostMessage>(() => undefined);
  const webview = new RpcEndpoint<ToHostMessage, ToWebviewMessage>(() => undefined);

  defineCheckedMessages({
    // @ts-expect-error a message from the webview without a params check
    rename: notification<{ name: string }>(),
  });
  defineCheckedMessages({
    // @ts-expect-error a check that does not return the declared params
    rename: checkedNotification<{ name: string }>(() => ({ name: 42 })),
  });
  defineCheckedMessages({
    // @ts-expect-error a request needs its check too
    rename: checkedRequest<{ name: string }, void>(1000),
  });

  const unchecked = requestType<{ file: string }, void>('deleteFile');
  // @ts-expect-error the webview cannot send a message that is not in ToHost
  void webview.request(unchecked, { file: 'a.png' });
  // @ts-expect-error the host cannot handle a message that is not in ToHost
  host.onRequest(unchecked, () => undefined);
  // @ts-expect-error the host sends notifications of ToWebview only
  host.notify(ToHost.analyze, {});
  // @ts-expect-error params are typed by the descriptor
  void webview.request(ToHost.openFile, { path: 'a.png' });

  // @ts-expect-error a handler table must cover every message
  const partial: HandlersOf<typeof ToHost> = { ready: () => ({}) as never };
  void partial;
}
void compileTimeOnly;

describe('panel protocol registries', () => {
  it('every message from the webview carries a check and is named by its key', () => {
    for (const [key, type] of Object.entries(ToHost)) {
      assert.equal(type.method, key);
      assert.equal(typeof type.check, 'function', key);
      assert.ok(type.kind === 'request' || type.kind === 'notification', key);
    }
  });

  it('host notifications are named by their key and are one-way', () => {
    for (const [key, type] of Object.entries(ToWebview)) {
      assert.equal(type.method, key);
      assert.equal(type.kind, 'notification');
    }
  });

  it('no method is both a webview message and a host notification', () => {
    const both = Object.keys(ToHost).filter((method) => Object.hasOwn(ToWebview, method));
    assert.deepEqual(both, []);
  });
});
