import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { childScript, forkChild, type ChildChannel } from '../../src/core/util/childProcess';
import { decodeError } from '../../src/core/util/errorCodec';
import type { EchoReply, EchoRequest } from './helpers/echoProtocol';
import { environmentOf } from './helpers/processEnvironment';

const source = path.join(__dirname, 'helpers', 'echoChild.ts');
const noBundle = mkdtempSync(path.join(tmpdir(), 'dataset-lens-child-'));
after(() => rmSync(noBundle, { recursive: true, force: true }));

function next(child: ChildChannel<EchoRequest, EchoReply>): Promise<EchoReply> {
  return new Promise((resolve) => child.child.once('message', (m: EchoReply) => resolve(m)));
}

test('the bundle is run when built, else the .ts through tsx, with the flags asked for', () => {
  const entry = { bundleDir: noBundle, bundle: 'echo.js', source };
  assert.deepEqual(childScript(entry, ['--expose-gc']), {
    script: source,
    execArgv: ['--expose-gc', '--import', 'tsx'],
  });
  writeFileSync(path.join(noBundle, 'echo.js'), '');
  assert.deepEqual(childScript(entry, ['--expose-gc']), {
    script: path.join(noBundle, 'echo.js'),
    execArgv: ['--expose-gc'],
  });
  rmSync(path.join(noBundle, 'echo.js'));
});

test('a forked child talks over a typed channel and its errors come back rebuilt', async () => {
  const child = forkChild<EchoRequest, EchoReply>({
    bundleDir: noBundle,
    bundle: 'echo.js',
    source,
    nodeFlags: ['--expose-gc'],
    env: { ...process.env, ECHO_MARK: 'here' },
  });
  try {
    const described = next(child);
    child.send({ type: 'describe' });
    const info = await described;
    assert.ok(info.type === 'described');
    assert.ok(info.execArgv.includes('--expose-gc'));
    assert.equal(info.env, 'here');

    const doubled = next(child);
    child.send({ type: 'double', value: 21 });
    assert.deepEqual(await doubled, { type: 'doubled', value: 42 });

    const failed = next(child);
    child.send({ type: 'fail', message: 'no such thing' });
    const reply = await failed;
    assert.ok(reply.type === 'error');
    const error = decodeError(reply.error);
    assert.equal(error.message, 'no such thing');
    assert.equal((error as NodeJS.ErrnoException).code, 'EFAIL');
    assert.match(error.stack ?? '', /echoChild\.ts/, 'the stack points into the child');
  } finally {
    child.disconnect();
  }
});

test('children start without NODE_EXTRA_CA_CERTS (parsed at every start, never used: none connects)', async (t) => {
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  // A file Node can read: a missing one only prints a warning in each process.
  process.env.NODE_EXTRA_CA_CERTS = path.join(noBundle, 'extra-ca.pem');
  writeFileSync(process.env.NODE_EXTRA_CA_CERTS, '');
  t.after(() => {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
  });
  // Without an env (the engine and job processes inherit ours) and with one (the pools' malloc tuning).
  for (const env of [undefined, { ...process.env, ECHO_MARK: 'here' }]) {
    const child = forkChild<EchoRequest, EchoReply>({ bundleDir: noBundle, bundle: 'echo.js', source, env });
    try {
      // Once it answers, it has started: its environment is the one it was given.
      const described = next(child);
      child.send({ type: 'describe' });
      assert.equal((await described).type, 'described');
      const childEnv = environmentOf(child.pid!);
      assert.equal(childEnv.has('NODE_EXTRA_CA_CERTS'), false, `env ${env ? 'given' : 'inherited'}`);
      assert.equal(childEnv.get('PATH'), process.env.PATH, 'the rest of the environment is passed on');
      assert.equal(childEnv.get('ECHO_MARK'), env?.ECHO_MARK, 'and the variables asked for');
    } finally {
      child.disconnect();
      await child.whenExited();
    }
  }
});

test('a child that dies is described with its exit code and the tail of its stderr', async () => {
  const child = forkChild<EchoRequest, EchoReply>({
    bundleDir: noBundle,
    bundle: 'echo.js',
    source,
    stderr: 'tail',
  });
  // 'close' (after its stderr has ended), so the tail read is complete.
  const exited = new Promise<Error>((resolve) =>
    child.child.once('close', () => resolve(child.exitError('the echo process stopped unexpectedly'))),
  );
  child.send({ type: 'crash' });
  const error = await exited;
  assert.equal(error.message, 'the echo process stopped unexpectedly (exit code 3): about to crash');
  assert.equal(child.send({ type: 'double', value: 1 }), false, 'a send after the exit is dropped');
});
