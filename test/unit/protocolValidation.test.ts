import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToHost } from '../../src/protocol/messages';
import type { ParamsOf } from '../../src/protocol/messageTypes';
import { LIMITS, pipelineDocument, relativePath } from '../../src/protocol/paramChecks';
import { resolveInsideRoot, validateWebviewMessage } from '../../src/protocol/validateWebviewMessage';
import { flavourOf, isWithin } from '../../src/core/util/pathContainment';
import { createRng, type Rng } from '../../src/core/util/rng';

const request = (method: string, params: unknown, id = 1) => ({ kind: 'request', id, method, params });
const pipeline = { version: 1, seed: 42, transforms: [{ name: 'rotate', degrees: [-15, 15] }] };

/** Good params for every message the webview may send: the compiler refuses this table without one of them. */
const GOOD: { [M in keyof typeof ToHost]: ParamsOf<(typeof ToHost)[M]> } = {
  ready: { restoredTab: 'quality' },
  openFile: { file: 'train/cat/1.png' },
  similar: { file: 'train/cat/1.png', k: 12 },
  thumbnails: { files: ['a.png', 'train/b c/ü.jpg'], size: 96 },
  copyText: { text: 'x', label: 'class weights' },
  catalog: {},
  preview: { pipeline, perClass: 1, variants: 3, seed: 7, cellSize: 160, held: ['x8Nq-_3a', 'Q2'] },
  exportAugmented: { pipeline, copies: 2, balance: true, keepOriginals: true, format: 'png' },
  exportPlan: { copies: 2, balance: true, keepOriginals: false },
  exportCode: { pipeline, target: 'keras' },
  exportStats: { format: 'json' },
  savePipeline: { pipeline },
  actOnFiles: { action: 'moveToClass', files: ['train/cat/1.png', 'shard-000.tar#a/01.jpg'] },
  exportFindings: { files: ['train/cat/1.png'] },
  undoMove: {},
  moveToSuggested: { file: '7/misfiled_1.png' },
  browseIndex: {},
  imageDetails: { file: 'train-images-idx3-ubyte.gz#12' },
  analyze: {},
  analyzeContent: {},
  cancelAnalysis: {},
  cancelExport: {},
  editPipeline: { pipeline },
};
const methodsOf = (kind: 'request' | 'notification') =>
  Object.values(ToHost)
    .filter((type) => type.kind === kind)
    .map((type) => type.method);
const REQUESTS = methodsOf('request');
const COMMANDS = methodsOf('notification');

describe('validateWebviewMessage', () => {
  it('accepts every documented request and command with good params', () => {
    assert.deepEqual(Object.keys(GOOD).sort(), Object.keys(ToHost).sort(), 'the test covers every message');
    assert.ok(REQUESTS.length >= 10 && COMMANDS.length >= 4, `${REQUESTS} | ${COMMANDS}`);
    for (const method of REQUESTS) {
      const result = validateWebviewMessage(request(method, GOOD[method as keyof typeof ToHost]));
      assert.ok(result.ok, `${method}: ${!result.ok && result.error}`);
    }
    for (const method of COMMANDS) {
      const params = GOOD[method as keyof typeof ToHost];
      const result = validateWebviewMessage({ kind: 'notification', method, params });
      assert.ok(result.ok, `${method}: ${!result.ok && result.error}`);
      assert.deepEqual(result.message, { kind: 'notification', method, params });
    }
  });

  it('rebuilds params from known fields only', () => {
    const result = validateWebviewMessage(
      request('openFile', { file: 'a.png', extra: 'x', path: '/etc/passwd' }),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.message, {
      kind: 'request',
      id: 1,
      method: 'openFile',
      params: { file: 'a.png' },
    });
  });

  it('answers a bad request with its id and a precise message', () => {
    const result = validateWebviewMessage(request('thumbnails', { files: ['a.png'], size: 5000 }, 7));
    assert.deepEqual(result, {
      ok: false,
      replyTo: 7,
      error: 'Expected an integer between 16 and 1024 for size but received 5000 of type number',
    });
  });

  it('refuses unknown methods, kinds, responses and bad ids', () => {
    for (const raw of [
      request('eval', {}),
      request('__proto__', {}),
      request('toString', {}),
      { kind: 'response', id: 1, ok: true, result: 1 },
      { kind: 'request', id: 0, method: 'catalog', params: {} },
      { kind: 'request', id: 1.5, method: 'catalog', params: {} },
      { kind: 'request', id: '1', method: 'catalog', params: {} },
      { kind: 'notification', method: 'openFile', params: { file: 'a.png' } },
      // Host -> webview notifications are not the webview's to send.
      { kind: 'notification', method: 'didPartialAnalysis', params: { report: {} } },
      { kind: 'notification', method: 'didFinishAnalysis', params: { report: {} } },
      null,
      undefined,
      42,
      'request',
      [],
      [request('catalog', {})],
    ]) {
      assert.equal(validateWebviewMessage(raw).ok, false, JSON.stringify(raw) ?? String(raw));
    }
  });

  it('refuses paths that leave the dataset', () => {
    const bad = [
      '../secret.png',
      'train/../../etc/passwd',
      '..',
      '.',
      './a.png',
      'a/./b.png',
      'a//b.png',
      '/etc/passwd',
      '//server/share/x.png',
      '\\\\server\\share\\x.png',
      'C:\\Windows\\win.ini',
      'C:/Windows/win.ini',
      'train\\..\\..\\x',
      'a/C:/b',
      'a\u0000.png',
      'a\n.png',
      '',
      'x'.repeat(LIMITS.pathChars + 1),
      'train/',
    ];
    for (const file of bad) {
      const result = validateWebviewMessage(request('openFile', { file }));
      assert.equal(result.ok, false, `accepted ${JSON.stringify(file)}`);
      const files = ['train/cat/ok.png', file];
      for (const action of ['exclude', 'moveToClass', 'quarantine'])
        assert.equal(
          validateWebviewMessage(request('actOnFiles', { action, files })).ok,
          false,
          `${action} ${file}`,
        );
      assert.equal(validateWebviewMessage(request('exportFindings', { files })).ok, false, file);
    }
    assert.equal(
      validateWebviewMessage(request('actOnFiles', { action: 'delete', files: ['a.png'] })).ok,
      false,
    );
    assert.equal(validateWebviewMessage(request('actOnFiles', { action: 'exclude', files: [] })).ok, false);
    for (const file of [42, null, ['a.png'], { toString: () => 'a.png' }]) {
      assert.equal(validateWebviewMessage(request('openFile', { file })).ok, false);
    }
  });

  it('takes the preview pictures the panel holds only as a bounded list of keys', () => {
    const preview = (held: unknown) => ({ pipeline, perClass: 1, variants: 3, cellSize: 160, held });
    const ok = validateWebviewMessage(request('preview', preview(['ab-_9Z'])));
    assert.ok(ok.ok && ok.message.kind === 'request');
    assert.deepEqual((ok.message.params as { held: string[] }).held, ['ab-_9Z']);
    for (const held of ['ab', [42], ['a/b'], ['../x'], ['x'.repeat(65)], [''], { 0: 'a' }]) {
      const result = validateWebviewMessage(request('preview', preview(held)));
      assert.equal(result.ok, false, JSON.stringify(held));
    }
    const many = validateWebviewMessage(
      request('preview', preview(Array(LIMITS.heldPictures + 1).fill('a'))),
    );
    assert.match((many as { error: string }).error, /at most 4096 keys for held/);
  });

  it('refuses huge and deeply nested messages without recursing', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assert.equal(
      validateWebviewMessage(request('preview', { pipeline: deep, perClass: 1, variants: 1, cellSize: 64 }))
        .ok,
      false,
    );
    const wide = request('thumbnails', { files: Array.from({ length: 100_000 }, () => 'a.png'), size: 64 });
    assert.match((validateWebviewMessage(wide) as { error: string }).error, /too large/);
    const long = request('copyText', { text: 'x'.repeat(3_000_000), label: 'x' });
    assert.match((validateWebviewMessage(long) as { error: string }).error, /too large/);
    const binary = request('copyText', { text: new Uint8Array(10), label: 'x' });
    assert.equal(validateWebviewMessage(binary).ok, false);
  });

  it('does not let a pipeline document carry prototype keys or non-JSON values', () => {
    const polluted = JSON.parse('{"version":1,"transforms":[],"__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    assert.throws(() => pipelineDocument(polluted), /Forbidden key "__proto__"/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.throws(
      () => pipelineDocument({ version: 1, transforms: [{ name: 'rotate', degrees: [0, Infinity] }] }),
      /finite number/,
    );
    assert.throws(() => pipelineDocument({ version: 1, f: () => 1 }), /Expected JSON/);
    assert.throws(() => pipelineDocument(new Date() as unknown), /pipeline object/);
    assert.deepEqual(pipelineDocument(pipeline), pipeline);
  });

  it('survives throwing getters and proxies', () => {
    const hostile = {
      kind: 'request',
      id: 1,
      method: 'openFile',
      get params(): unknown {
        throw new Error('boom');
      },
    };
    assert.equal(validateWebviewMessage(hostile).ok, false);
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    assert.equal(validateWebviewMessage(proxy).ok, false);
  });

  it('fuzz: 20,000 malformed or malicious messages never throw and never yield a path outside the root', () => {
    const rng = createRng(20260526);
    const root = '/data/set';
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const raw = randomMessage(rng);
      let result;
      try {
        result = validateWebviewMessage(raw);
      } catch (error) {
        assert.fail(`threw on message ${i}: ${(error as Error).message}`);
      }
      if (!result.ok) {
        assert.equal(typeof result.error, 'string');
        continue;
      }
      accepted++;
      const params = (result.message as { params: Record<string, unknown> }).params;
      const files =
        typeof params.file === 'string'
          ? [params.file]
          : Array.isArray(params.files)
            ? (params.files as string[])
            : [];
      for (const file of files) {
        const absolute = resolveInsideRoot(root, file, 'posix');
        assert.ok(
          absolute && isWithin(root, absolute, flavourOf('posix')) && absolute !== root,
          `escaped: ${JSON.stringify(file)}`,
        );
        const win = resolveInsideRoot('C:\\data\\set', file, 'win32');
        if (win)
          assert.ok(
            isWithin('C:\\data\\set', win, flavourOf('win32')),
            `escaped on Windows: ${JSON.stringify(file)}`,
          );
      }
    }
    assert.ok(
      accepted > 500,
      `some fuzzed messages are valid (${accepted}), so the checks after acceptance ran`,
    );
  });
});

describe('path helpers', () => {
  it('relativePath keeps ordinary names', () => {
    for (const name of [
      'a.png',
      'train/cat/1.png',
      'dir with space/ü.jpg',
      '...png',
      '..a/b',
      'a../b',
      '.hidden/x.png',
    ]) {
      assert.equal(relativePath(name, 'file'), name);
    }
  });

  it('resolveInsideRoot stays inside on POSIX and Windows', () => {
    assert.equal(resolveInsideRoot('/data/set', 'train/a.png', 'posix'), '/data/set/train/a.png');
    assert.equal(resolveInsideRoot('/data/set', '../set2/a.png', 'posix'), undefined);
    assert.equal(resolveInsideRoot('C:\\data\\set', 'train/a.png', 'win32'), 'C:\\data\\set\\train\\a.png');
    assert.equal(resolveInsideRoot('C:\\data\\set', 'a.png:stream', 'win32'), undefined);
    assert.equal(resolveInsideRoot('C:\\data\\set', 'D:x.png', 'win32'), undefined);
  });
});

// ---- fuzzing ----

const METHODS = [...REQUESTS, ...COMMANDS, 'eval', '__proto__', 'constructor', '', 'OPENFILE'];
const NASTY_PATHS = [
  '../',
  '../../etc/passwd',
  '/etc/passwd',
  'C:\\x',
  'C:/x',
  '\\\\?\\C:\\x',
  'a/../../b',
  'a/..',
  '%2e%2e/x',
  'a\u0000b',
  '..\\..\\x',
  'train/./a.png',
  '~/x',
  'file:///etc/passwd',
  'a//b',
  ' ../x',
  'x/ ..',
  'con',
  'aux.png',
];

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(0, values.length - 1)];
}

function randomString(rng: Rng): string {
  const kind = rng.int(0, 5);
  if (kind === 0) return pick(rng, NASTY_PATHS);
  if (kind === 1) return pick(rng, ['train/cat/1.png', 'a.png', 'val/dog/x y.jpg', 'ü/ß.webp']);
  if (kind === 2)
    return [pick(rng, ['train', '..', '.', '', 'a', 'C:']), pick(rng, ['x.png', '..', '', 'b'])].join(
      pick(rng, ['/', '\\', '//']),
    );
  if (kind === 3)
    return String.fromCharCode(...Array.from({ length: rng.int(0, 12) }, () => rng.int(0, 0x2fff)));
  if (kind === 4) return 'x'.repeat(rng.int(0, 5000));
  return pick(rng, ['', 'json', 'keras', 'png', 'overview', 'quality', 'augment', 'nope']);
}

function randomValue(rng: Rng, depth: number): unknown {
  switch (rng.int(0, depth > 3 ? 5 : 8)) {
    case 0:
      return rng.int(-5, 5000);
    case 1:
      return pick(rng, [NaN, Infinity, -1, 0.5, 1e308, -0, 2 ** 53 + 2]);
    case 2:
      return randomString(rng);
    case 3:
      return pick(rng, [null, undefined, true, false]);
    case 4:
      return pick(rng, [
        pipeline,
        { version: 1, transforms: 'x' },
        { version: 1, transforms: [{ name: 'rotate', degrees: 90 }] },
      ]);
    case 5:
      return [];
    case 6:
      return Array.from({ length: rng.int(0, 6) }, () => randomValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 5); i > 0; i--)
        out[pick(rng, [...PARAM_KEYS, '__proto__'])] = randomValue(rng, depth + 1);
      return out;
    }
  }
}

/** Mostly well-formed envelopes with hostile params, plus garbage. */
function randomMessage(rng: Rng): unknown {
  if (rng.int(0, 9) === 0) return randomValue(rng, 0);
  const method = pick(rng, METHODS);
  const params: Record<string, unknown> = {};
  for (let i = rng.int(0, 6); i > 0; i--) {
    const key = pick(rng, PARAM_KEYS);
    params[key] =
      key === 'file'
        ? randomString(rng)
        : key === 'files'
          ? Array.from({ length: rng.int(0, 20) }, () => randomString(rng))
          : randomValue(rng, 1);
  }
  if (method === 'openFile' && rng.int(0, 1)) params.file = randomString(rng);
  if (method === 'thumbnails' && rng.int(0, 1)) {
    params.files = Array.from({ length: rng.int(0, 10) }, () => randomString(rng));
    params.size = rng.int(10, 2000);
  }
  return {
    kind: pick(rng, ['request', 'request', 'request', 'notification', 'response', 'x', undefined]),
    id: pick(rng, [1, 2, 99, 0, -1, 1.5, '1', null, Number.MAX_SAFE_INTEGER + 1]),
    method,
    params: rng.int(0, 9) === 0 ? randomValue(rng, 0) : params,
  };
}
/** Parameter names the host's handlers read (every field of every message's good params above). */
const PARAM_KEYS = [...new Set(Object.values(GOOD).flatMap((params) => Object.keys(params)))];
