// Bundles the CLI, the analysis worker, the extension host code, TensorFlow.js and the webview with esbuild.
// `--production` minifies without source maps; `--outdir DIR` writes the dist/ files to DIR (the packaging script
// builds into its staging folder, leaving the checkout's dist/ alone).
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { external, nodeBundleOptions } from './nodeBundle.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 ? process.argv[outdirFlag + 1] : 'dist';
mkdirSync(outdir, { recursive: true });

const node = nodeBundleOptions({ production, outdir });

const builds = [
  // The command is a small entry that forks the analysis workers a run will need before it loads the rest of the
  // CLI (src/cli/entry.ts): their start-up then overlaps the loading of cli-main.js, the CLI's bulk.
  { ...node, entryPoints: { cli: 'src/cli/entry.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { 'cli-main': 'src/cli/main.ts' } },
  { ...node, entryPoints: { worker: 'src/core/engine/worker.ts' } },
  { ...node, entryPoints: { engine: 'src/extension/jobs/engineProcess.ts' } },
  { ...node, entryPoints: { 'export-worker': 'src/core/export/exportWorker.ts' } },
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' } },
  // The extension's child process for previews, exports, code export and thumbnails.
  { ...node, entryPoints: { jobs: 'src/extension/jobs/jobProcess.ts' } },
  // TensorFlow.js (core + wasm and cpu backends): one copy for every bundle, required by tfBackend.ts on first use.
  // node-fetch stays out: tfjs takes Node's own fetch when there is one (Node >= 18), and we fetch nothing.
  { ...node, entryPoints: { tf: 'src/core/augment/backend/tfModules.ts' }, external: ['node-fetch'] },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    entryPoints: { webview: 'webview/main.ts' }, // main.ts imports styles.css: esbuild writes webview.css
    outdir,
    logLevel: 'warning',
  },
];
if (!production) {
  // Extension-host tests (mocha runs inside code-server's extension host; see test/e2e).
  builds.push({
    ...node,
    entryPoints: {
      'test/extension/index': 'test/extension/index.ts',
      'test/extension/commands.test': 'test/extension/commands.test.ts',
    },
    outdir: 'out',
    external: [...external, 'mocha'],
  });
}

// Codicons (font + CSS) are served from dist/, the panel's only local resource root. The wasm backend reads its
// .wasm files from beside tf.js: SIMD, and plain for CPUs without it (Node never takes the threaded build).
const wasm = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
const copies = [
  'node_modules/@vscode/codicons/dist/codicon.css',
  'node_modules/@vscode/codicons/dist/codicon.ttf',
  `${wasm}/tfjs-backend-wasm-simd.wasm`,
  `${wasm}/tfjs-backend-wasm.wasm`,
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
for (const from of copies) copyFileSync(from, path.join(outdir, path.basename(from)));

// The content-embedding model (CONTENT_MODEL in src/core/content/contentModel.ts) ships as its package's files,
// in <outdir>/models/<folder> with the package's version: the package itself is not installed with Dataset Lens.
const model = { package: 'nsfwjs', folder: 'mobilenet_v2_mid' };
const modelDir = path.join(outdir, 'models', model.folder);
cpSync(`node_modules/${model.package}/dist/models/${model.folder}`, modelDir, { recursive: true });
const { version } = JSON.parse(readFileSync(`node_modules/${model.package}/package.json`, 'utf8'));
writeFileSync(path.join(modelDir, 'source.json'), `${JSON.stringify({ package: model.package, version })}\n`);
