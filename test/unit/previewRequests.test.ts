import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreviewImage, PreviewResult, PreviewRowView } from '../../src/protocol/messages';
import { DelayedFlag } from '../../webview/delayedFlag';
import { LatestRequest } from '../../webview/latestRequest';
import { PreviewPictures } from '../../webview/previewPictures';

/** A request the test answers by hand. */
function manual() {
  const sent: { resolve(value: string): void; reject(error: Error): void }[] = [];
  const seen: string[] = [];
  const latest = new LatestRequest<string>(
    () => new Promise<string>((resolve, reject) => sent.push({ resolve, reject })),
    {
      answer: (value) => seen.push(`answer ${value}`),
      error: (error) => seen.push(`error ${(error as Error).message}`),
      busy: (running) => seen.push(running ? 'busy' : 'idle'),
    },
  );
  return { latest, sent, seen };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('LatestRequest: the preview asked for at once, only the newest shown', () => {
  it('sends at once when idle (no debounce) and hands on the answer', async () => {
    const { latest, sent, seen } = manual();
    latest.ask();
    assert.equal(sent.length, 1, 'sent in the same task as the edit');
    sent[0].resolve('a');
    await settled();
    assert.deepEqual(seen, ['busy', 'idle', 'answer a']);
  });

  it('folds edits made while a grid is made into one request sent when it ends; drops the older answer', async () => {
    const { latest, sent, seen } = manual();
    latest.ask();
    latest.ask();
    latest.ask();
    assert.equal(sent.length, 1, 'one request at a time');
    sent[0].resolve('old');
    await settled();
    assert.equal(sent.length, 2, 'the folded edits go as soon as the first ends');
    sent[1].resolve('new');
    await settled();
    assert.deepEqual(seen, ['busy', 'busy', 'idle', 'answer new']);
  });

  it('reports an error of the newest request only, and keeps working after one', async () => {
    const { latest, sent, seen } = manual();
    latest.ask();
    latest.ask();
    sent[0].reject(new Error('stale'));
    await settled();
    sent[1].reject(new Error('fresh'));
    await settled();
    latest.ask();
    sent[2].resolve('again');
    await settled();
    assert.deepEqual(seen, ['busy', 'busy', 'idle', 'error fresh', 'busy', 'idle', 'answer again']);
  });

  it('a send that throws is an error, not a stuck busy state', async () => {
    const seen: string[] = [];
    const latest = new LatestRequest<string>(
      () => {
        throw new Error('closed');
      },
      {
        answer: () => seen.push('answer'),
        error: (e) => seen.push(`error ${(e as Error).message}`),
        busy: (r) => seen.push(String(r)),
      },
    );
    latest.ask();
    await settled();
    assert.deepEqual(seen, ['true', 'false', 'error closed']);
  });
});

const image = (key: string, src: string): PreviewImage => ({
  src,
  key,
  caption: key,
  width: 4,
  height: 3,
  steps: [],
});
const row = (file: string, original: PreviewImage | null, variants: PreviewImage[]): PreviewRowView => ({
  className: 'c',
  file,
  original,
  variants,
});
const grid = (rows: PreviewRowView[]): PreviewResult => ({
  ok: true,
  seed: 1,
  rows,
  unlistable: [],
  ms: 1,
  labelSafety: null,
  timing: { hostIn: 0, jobIn: 0, built: 0, encoded: 0, jobBack: 0, jobCpuMs: 0 },
});

describe('PreviewPictures: the panel keeps the pictures on screen instead of receiving them again', () => {
  it('holds the keys of the grid shown and fills the pictures an answer left out', () => {
    const pictures = new PreviewPictures();
    assert.deepEqual(pictures.held(), []);
    const first = pictures.fill(grid([row('a.png', image('o1', 'data:o1'), [image('v1', 'data:v1')])]))!;
    assert.deepEqual(pictures.held().sort(), ['o1', 'v1']);
    assert.equal(first.ok && first.rows[0].variants[0].src, 'data:v1');
    const edited = pictures.fill(
      grid([row('a.png', image('o1', ''), [image('v2', 'data:v2'), image('o1', '')])]),
    )!;
    assert.ok(edited.ok);
    assert.deepEqual(
      edited.rows[0].variants.map((v) => v.src),
      ['data:v2', 'data:o1'],
    );
    assert.equal(edited.rows[0].original!.src, 'data:o1');
    // What is held now is the new grid's: v1 is off screen and forgotten.
    assert.deepEqual(pictures.held().sort(), ['o1', 'v2']);
  });

  it('refuses an answer leaving out a picture it does not hold, and forgets nothing then', () => {
    const pictures = new PreviewPictures();
    pictures.fill(grid([row('a.png', image('o1', 'data:o1'), [])]));
    assert.equal(pictures.fill(grid([row('a.png', image('o1', ''), [image('zz', '')])])), undefined);
    assert.deepEqual(pictures.held(), ['o1']);
  });

  it('passes answers without a grid (pipeline issues) and rows that failed as they are', () => {
    const pictures = new PreviewPictures();
    const issues: PreviewResult = { ok: false, issues: [{ path: 'transforms[0]', message: 'bad' }] };
    assert.equal(pictures.fill(issues), issues);
    const failed = grid([{ ...row('b.png', null, []), error: 'corrupt' }]);
    assert.deepEqual(pictures.fill(failed), failed);
  });
});

describe('DelayedFlag: the busy ring shows only for a preview slower than its delay', () => {
  it('stays down for work that ends within the delay, and never raises late', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const seen: boolean[] = [];
    const flag = new DelayedFlag(400, (raised) => seen.push(raised));
    flag.set(true);
    t.mock.timers.tick(399);
    flag.set(false);
    t.mock.timers.tick(1000);
    assert.deepEqual(seen, [false], 'lowered once, never raised');
  });

  it('raises once after the delay while busy (a second busy does not restart it), lowers at the end', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const seen: boolean[] = [];
    const flag = new DelayedFlag(400, (raised) => seen.push(raised));
    flag.set(true);
    t.mock.timers.tick(300);
    flag.set(true);
    t.mock.timers.tick(100);
    assert.deepEqual(seen, [true], 'raised 400 ms after the first busy');
    flag.set(true);
    t.mock.timers.tick(1000);
    assert.deepEqual(seen, [true]);
    flag.set(false);
    assert.deepEqual(seen, [true, false]);
    flag.set(true);
    t.mock.timers.tick(400);
    assert.deepEqual(seen, [true, false, true], 'a new wait starts afresh');
  });
});
