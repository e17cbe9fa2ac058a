// Bundles the CLI, the analysis worker, the extension host code, TensorFlow.js and the webview with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
mkdirSync('dist', { recursive: true });

/** Native or runtime-provided modules stay outside the bundles; tfjs is its own bundle (below), loaded on first use. */
const external = ['vscode', 'sharp', '@tensorflow/*'];

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external,
  // jsonc-parser's default (UMD) build loads its parts with a dynamic require() a bundle cannot follow.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { worker: 'src/core/engine/worker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { engine: 'src/core/engine/engineProcess.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { 'export-worker': 'src/core/export/exportWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  // The extension's child process for previews, exports, code export and thumbnails.
  { ...node, entryPoints: { jobs: 'src/extension/jobs/jobProcess.ts' }, outdir: 'dist' },
  // TensorFlow.js (core + wasm and cpu backends): one copy for every bundle, required by tfBackend.ts on first use.
  // node-fetch stays out: tfjs takes Node's own fetch when there is one (Node >= 18), and we fetch nothing.
  {
    ...node,
    entryPoints: { tf: 'src/core/augment/backend/tfModules.ts' },
    outdir: 'dist',
    external: ['node-fetch'],
  },
  // Extension-host tests (mocha runs inside code-server's extension host; see test/e2e).
  {
    ...node,
    entryPoints: {
      'test/extension/index': 'test/extension/index.ts',
      'test/extension/commands.test': 'test/extension/commands.test.ts',
    },
    outdir: 'out',
    external: [...external, 'mocha'],
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    entryPoints: { webview: 'webview/main.ts' }, // main.ts imports styles.css: esbuild writes dist/webview.css
    outdir: 'dist',
    logLevel: 'warning',
  },
];

// Codicons (font + CSS) are served from dist/, the panel's only local resource root. The wasm backend reads its
// .wasm files from beside dist/tf.js: SIMD, and plain for CPUs without it (Node never takes the threaded build).
const wasm = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
const copies = [
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf'],
  [`${wasm}/tfjs-backend-wasm-simd.wasm`, 'dist/tfjs-backend-wasm-simd.wasm'],
  [`${wasm}/tfjs-backend-wasm.wasm`, 'dist/tfjs-backend-wasm.wasm'],
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
for (const [from, to] of copies) copyFileSync(from, to);
// The content-embedding model (CONTENT_MODEL in src/core/content/contentModel.ts) ships as its package's files,
// in dist/models/<folder> with the package's version: the package itself is not installed with Dataset Lens.
const model = { package: 'nsfwjs', folder: 'mobilenet_v2_mid' };
const modelDir = `dist/models/${model.folder}`;
cpSync(`node_modules/${model.package}/dist/models/${model.folder}`, modelDir, { recursive: true });
const { version } = JSON.parse(readFileSync(`node_modules/${model.package}/package.json`, 'utf8'));
writeFileSync(`${modelDir}/source.json`, `${JSON.stringify({ package: model.package, version })}\n`);
