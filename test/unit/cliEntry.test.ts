import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from './helpers/images';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const sample = path.join(repo, 'media', 'sample');
const tmp = tempDir('dataset-lens-cli-entry-');
after(() => tmp.cleanup());

/**
 * Preloaded into the CLI: logs each fork and the end of the process, each with whether the CLI's bulk
 * (dist/cli-main.js) had been loaded by then. Workers get their own flags, so it is not preloaded into them.
 */
const hook = path.join(tmp.dir, 'forkOrder.js');
writeFileSync(
  hook,
  `const cp = require('node:child_process');
const fs = require('node:fs');
const mainLoaded = () => Object.keys(require.cache).some((file) => file.endsWith('cli-main.js'));
const log = (line) => fs.appendFileSync(process.env.FORK_ORDER_LOG, line + '\\n');
const fork = cp.fork;
cp.fork = function (...args) {
  log('fork main=' + mainLoaded());
  return fork.apply(this, args);
};
process.on('exit', () => log('exit main=' + mainLoaded()));
`,
);

function runLogged(...args: string[]): { events: string[]; report: Record<string, unknown> } {
  const logFile = path.join(tmp.dir, 'order.log');
  rmSync(logFile, { force: true });
  const result = spawnSync(process.execPath, ['-r', hook, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORK_ORDER_LOG: logFile, XDG_CACHE_HOME: path.join(tmp.dir, 'cache') },
  });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as Record<string, unknown>;
  delete report.durationMs;
  return { events: readFileSync(logFile, 'utf8').trim().split('\n'), report };
}

test('analyze --no-cache forks its workers before the rest of the CLI loads, and runs in them', () => {
  const prestarted = runLogged('analyze', sample, '--json', '--no-cache', '--workers', '2');
  assert.deepEqual(prestarted.events, ['fork main=false', 'fork main=false', 'exit main=true']);
  // A first run with a cache may be answered by it: its workers start once the CLI has loaded, the same report.
  const cacheDir = path.join(tmp.dir, 'fresh-cache');
  const lazy = runLogged('analyze', sample, '--json', '--workers', '2', '--cache-dir', cacheDir);
  assert.deepEqual(lazy.events, ['fork main=true', 'fork main=true', 'exit main=true']);
  assert.deepEqual(lazy.report, prestarted.report);
});

test('a run that fails before taking its prestarted workers still exits at once, with its own exit code', () => {
  const logFile = path.join(tmp.dir, 'missing.log');
  const result = spawnSync(
    process.execPath,
    ['-r', hook, cli, 'analyze', path.join(tmp.dir, 'no-such-folder'), '--no-cache', '--workers', '2'],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, FORK_ORDER_LOG: logFile } },
  );
  assert.equal(result.error, undefined, 'it ended by itself');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Dataset folder not found/);
  assert.deepEqual(readFileSync(logFile, 'utf8').trim().split('\n'), [
    'fork main=false',
    'fork main=false',
    'exit main=true',
  ]);
});
