/**
 * The CLI as an npm package: `npm pack`, `npm install -g` of the tarball into an empty prefix (npm fetches sharp
 * for this platform, from its cache when `npm ci` filled it), then the installed `dataset-lens` run from an empty
 * folder must report what the build reports, for `analyze` and for `probe` (TensorFlow.js from the package).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import { PROJECT } from './codeServer';

const manifest = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

describe('the CLI as an npm package', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-npm-'));
  const prefix = path.join(dir, 'prefix');
  const clean = path.join(dir, 'clean');
  const sample = path.join(clean, 'sample');
  const installed = path.join(prefix, 'bin', 'dataset-lens');
  let files: string[];

  before(() => {
    mkdirSync(clean, { recursive: true });
    cpSync(path.join(PROJECT, 'media', 'sample'), sample, { recursive: true });
    cpSync(
      path.join(PROJECT, 'examples', 'augment.pipeline.json'),
      path.join(clean, 'augment.pipeline.json'),
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('npm pack makes a tarball of the CLI bundles, the docs and nothing of the source', () => {
    // --ignore-scripts: prepack would rebuild dist/ in production mode under the other e2e tests' feet; the
    // bundles are the same code (test:e2e has just built them).
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
        cwd: PROJECT,
        encoding: 'utf8',
      }),
    ) as { filename: string; files: { path: string }[] }[];
    assert.equal(packed[0].filename, `${manifest.name}-${manifest.version}.tgz`);
    files = packed[0].files.map((f) => f.path);
    for (const required of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli.js',
      'dist/cli-main.js',
      'dist/worker.js',
      'dist/export-worker.js',
      'dist/tf.js',
      'dist/tfjs-backend-wasm-simd.wasm',
      'dist/tfjs-backend-wasm.wasm',
      'docs/cli.md',
      `dist/models/${CONTENT_MODEL.folder}/model.min.js`,
      `dist/models/${CONTENT_MODEL.folder}/source.json`,
    ])
      assert.ok(files.includes(required), `${required} is not in the tarball`);
    assert.deepEqual(
      files.filter((f) => /^(src|test|webview|node_modules)\/|\.map$|^dist\/(extension|webview)/.test(f)),
      [],
    );
  });

  it('npm install -g of the tarball gives a dataset-lens command', () => {
    assert.ok(files, 'packed');
    execFileSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        path.join(dir, `${manifest.name}-${manifest.version}.tgz`),
      ],
      { cwd: clean, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    assert.ok(existsSync(installed), installed);
    assert.equal(run(installed, ['--version']).stdout.trim(), manifest.version);
  });

  it('the installed CLI analyses the sample from an empty folder as the build does', () => {
    const args = ['analyze', sample, '--json', '--no-cache'];
    assert.deepEqual(report(run(installed, args)), report(run(path.join(PROJECT, 'dist', 'cli.js'), args)));
  });

  it('the installed CLI probes label safety with its own TensorFlow.js (wasm) as the build does', () => {
    const args = ['probe', sample, '--pipeline', 'augment.pipeline.json', '--json'];
    const mine = report(run(installed, args)) as { backend: string; transforms: unknown[] };
    assert.equal(mine.backend, 'wasm');
    assert.ok(mine.transforms.length > 0);
    assert.deepEqual(mine, report(run(path.join(PROJECT, 'dist', 'cli.js'), args)));
  });

  /** The installed command runs as a user runs it (its #! line); the build's through node. */
  function run(bin: string, args: string[]) {
    const [command, commandArgs] = bin === installed ? [bin, args] : [process.execPath, [bin, ...args]];
    const result = spawnSync(command, commandArgs, {
      cwd: clean,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        NODE_PATH: '',
        XDG_CACHE_HOME: path.join(dir, 'cache'),
        DATASET_LENS_TF_BACKEND: 'wasm',
      },
    });
    assert.equal(result.status, 0, `${bin} ${args.join(' ')}: ${result.stderr}`);
    return result;
  }
});

/** The JSON a command printed, without its run times. */
function report(result: { stdout: string }): unknown {
  return JSON.parse(result.stdout, (key, value: unknown) => (key === 'durationMs' ? undefined : value));
}
