import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notificationType, requestType } from '../../src/protocol/messageTypes';
import {
  RpcClosedError,
  RpcEndpoint,
  RpcRemoteError,
  RpcTimeoutError,
  type Envelope,
} from '../../src/protocol/rpc';

const Add = requestType<{ a: number; b: number }, number>('add', 1000);
const Slow = requestType<Record<string, never>, void>('slow', 50);
const Fail = requestType<Record<string, never>, void>('fail');
const Ping = notificationType<{ n: number }>('ping');

/** Two endpoints wired to each other through (async) postMessage. */
function pair() {
  const ends: { a?: RpcEndpoint; b?: RpcEndpoint } = {};
  const deliver = (to: 'a' | 'b') => (message: Envelope) =>
    void Promise.resolve().then(() => ends[to]!.receive(structuredClone(message)));
  const a = new RpcEndpoint(deliver('b'));
  const b = new RpcEndpoint(deliver('a'));
  Object.assign(ends, { a, b });
  return { a, b };
}

describe('RpcEndpoint', () => {
  it('matches replies to requests by id, whatever order they come back in', async () => {
    const { a, b } = pair();
    b.onRequest(Add, async ({ a: x, b: y }) => {
      await new Promise((r) => setTimeout(r, x));
      return x + y;
    });
    const results = await Promise.all([
      a.request(Add, { a: 30, b: 1 }),
      a.request(Add, { a: 1, b: 1 }),
      a.request(Add, { a: 10, b: 5 }),
    ]);
    assert.deepEqual(results, [31, 2, 15]);
    assert.equal(a.pendingCount, 0);
  });

  it('times out a request nobody answers, and ignores the late answer', async () => {
    const { a, b } = pair();
    b.onRequest(Slow, () => new Promise((r) => setTimeout(r, 120)));
    await assert.rejects(a.request(Slow, {}), RpcTimeoutError);
    assert.equal(a.pendingCount, 0);
    await new Promise((r) => setTimeout(r, 150)); // the late reply arrives and is dropped
    assert.equal(a.pendingCount, 0);
  });

  it('rejects pending requests when closed, and refuses new ones', async () => {
    const { a, b } = pair();
    b.onRequest(Slow, () => new Promise(() => undefined));
    const pending = a.request(Slow, {}, { timeoutMs: 0 });
    a.close('the panel was closed');
    await assert.rejects(
      pending,
      (e: Error) => e instanceof RpcClosedError && /the panel was closed/.test(e.message),
    );
    await assert.rejects(a.request(Add, { a: 1, b: 2 }), RpcClosedError);
    assert.equal(a.pendingCount, 0);
  });

  it('turns handler errors and unknown methods into rejections on the caller', async () => {
    const { a, b } = pair();
    b.onRequest(Fail, () => {
      throw new Error('nope');
    });
    await assert.rejects(
      a.request(Fail, {}),
      (e: Error) => e instanceof RpcRemoteError && e.message === 'nope',
    );
    await assert.rejects(a.request(Add, { a: 1, b: 2 }), /Unknown request add/);
  });

  it('delivers notifications; a throwing handler is reported, not propagated', async () => {
    const { a, b } = pair();
    const seen: number[] = [];
    const errors: string[] = [];
    const c = new RpcEndpoint(
      () => undefined,
      (error) => errors.push((error as Error).message),
    );
    b.onNotification(Ping, ({ n }) => seen.push(n));
    a.notify(Ping, { n: 1 });
    a.notify(Ping, { n: 2 });
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(seen, [1, 2]);
    c.onNotification(Ping, () => {
      throw new Error('bad handler');
    });
    c.receive({ kind: 'notification', method: 'ping', params: { n: 3 } });
    assert.deepEqual(errors, ['bad handler']);
  });

  it('survives a post function that throws (peer gone)', async () => {
    const endpoint = new RpcEndpoint(() => {
      throw new Error('disposed');
    });
    await assert.rejects(endpoint.request(Slow, {}), RpcTimeoutError);
  });
});
