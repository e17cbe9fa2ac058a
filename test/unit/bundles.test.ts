import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const dist = path.resolve(__dirname, '..', '..', 'dist');

// A relative require() left in a bundle points into node_modules layouts that do not exist next to dist/
// (e.g. a UMD package requiring './impl/format'): it only fails when the extension loads in VS Code.
const bundles = [
  'extension.js',
  'cli.js',
  'cli-main.js',
  'engine.js',
  'worker.js',
  'export-worker.js',
  'jobs.js',
  'tf.js',
];
for (const bundle of bundles) {
  test(`dist/${bundle} has no relative require() esbuild could not follow`, () => {
    const text = readFileSync(path.join(dist, bundle), 'utf8');
    const relative = [...text.matchAll(/\brequire\w*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(relative, []);
  });
}

// The extension host only asks whether a file is a container (src/core/source/containerNames.ts); the readers
// (hyparquet and its compressors, tar-stream) belong in the processes that read members. They doubled
// extension.js once, through the probe's rules importing its image loader.
test('dist/extension.js bundles no container reader', () => {
  const text = readFileSync(path.join(dist, 'extension.js'), 'utf8');
  // The unminified build (npm test builds it) heads each bundled module with a "// node_modules/<package>/…" line
  // ("// ../lead/node_modules/…" in a git worktree whose node_modules is a symlink to another checkout's).
  const packages = new Set(
    [...text.matchAll(/^\/\/ (?:\.\.\/[^\n]*?)?node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm)].map((m) => m[1]),
  );
  assert.ok(packages.size > 0, 'expected an unminified bundle with module comments');
  const readers = [...packages].filter((p) => /^(hyparquet|tar-stream|streamx|fzstd|hysnappy)/.test(p));
  assert.deepEqual(readers, []);
});
