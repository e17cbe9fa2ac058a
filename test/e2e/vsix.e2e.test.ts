/**
 * The VSIX as users get it: builds the linux-x64 VSIX (scripts/package.mjs), checks the contents and size of every
 * VSIX in build/vsix/ (`npm run package` builds all six targets), then installs the linux-x64 one into a clean
 * code-server (`--install-extension`) and checks its details page (README pictures, icon; screenshots in
 * test-artifacts/), an analysis from the Explorer, and TensorFlow.js with the probe's model inside its folder.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { TARGETS, vsixName } from '../../scripts/package/targets.mjs';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import {
  createSandbox,
  ensureCodeServer,
  freePort,
  installedExtension,
  installVsix,
  PROJECT,
  startCodeServer,
  workbenchUrl,
  type RunningServer,
  type Sandbox,
} from './codeServer';
import {
  CHROMIUM_ARGS,
  explorerContextMenu,
  panelFrame,
  runCommand,
  until,
  waitForWorkbench,
} from './workbench';
import { zipEntries, zipEntryText } from './zipEntries';

const VSIX_DIR = path.join(PROJECT, 'build', 'vsix');
const manifest = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  displayName: string;
};

/**
 * Compressed bytes a VSIX may hold outside its native packages: the bundles, tf.js and its .wasm files, the
 * content model's files (4.00 MB of it), the README with its pictures. 5.70 MB for linux-x64 with the container
 * readers (Parquet, tar) in the processes that read members and none in extension.js, and the CLI as a small
 * entry that starts the workers before loading the rest (cli-main.js): about 2% headroom.
 */
const PORTABLE_BUDGET = 5.8e6;
/** Compressed bytes of each target's sharp + libvips packages: about 5% over sharp 0.35.5's. */
const NATIVE_BUDGET: Record<string, number> = {
  'linux-x64': 8.85e6,
  'linux-arm64': 9.1e6,
  'alpine-x64': 8.85e6,
  'darwin-x64': 9.5e6,
  'darwin-arm64': 8.9e6,
  'win32-x64': 9.0e6,
};
/** Compressed bytes of usearch's binary (the approximate index above 50,000 images): 4.5 MB unpacked on linux-x64. */
const USEARCH_BUDGET = 2.5e6;
/** What loads usearch's binary at run time. */
const USEARCH_RUNTIME = [
  'extension/node_modules/usearch/javascript/dist/cjs/usearch.js',
  'extension/node_modules/node-gyp-build/node-gyp-build.js',
  'extension/node_modules/bindings/bindings.js',
  'extension/node_modules/file-uri-to-path/index.js',
];
const NATIVE_FILE = /\.(node|dll|dylib|so(\.\d+)*)$/;
/** Sharp's C++ sources and build files, type definitions, ES-module copies, C headers: not needed at run time. */
const NOT_SHIPPED = /(\.(d\.[cm]?ts|mjs|cc|h|gyp|map)$)|\/src\/|\/include\//;
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/media/icon.png',
  'extension/schema/pipeline.schema.json',
  ...['extension', 'engine', 'worker', 'jobs', 'export-worker', 'tf', 'webview'].map(
    (b) => `extension/dist/${b}.js`,
  ),
  'extension/dist/tfjs-backend-wasm-simd.wasm',
  'extension/dist/tfjs-backend-wasm.wasm',
  ...['model.min.js', 'source.json'].map((f) => `extension/dist/models/${CONTENT_MODEL.folder}/${f}`),
];

describe('the VSIX per platform', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  before(() => {
    execFileSync(process.execPath, ['scripts/package.mjs', '--target', 'linux-x64'], {
      cwd: PROJECT,
      stdio: 'inherit',
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (sandbox && !process.env.KEEP_SANDBOX) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('each VSIX built holds exactly its own native binaries, nothing sharp needs only to build, within budget', () => {
    const built = TARGETS.filter((t) => existsSync(path.join(VSIX_DIR, vsixName(manifest, t.target))));
    assert.ok(
      built.some((t) => t.target === 'linux-x64'),
      'the linux-x64 VSIX was built',
    );
    console.log(`  checking ${built.map((t) => t.target).join(', ')}`);
    for (const target of built) {
      const file = path.join(VSIX_DIR, vsixName(manifest, target.target));
      const entries = zipEntries(file);
      const names = entries.map((e) => e.name);
      const where = `${target.target}:`;
      for (const required of REQUIRED) assert.ok(names.includes(required), `${where} ${required} missing`);
      assert.match(
        zipEntryText(file, 'extension.vsixmanifest'),
        new RegExp(`TargetPlatform="${target.target}"`),
        `${where} manifest`,
      );

      const inPackage = (name: string, pkg: string) => name.startsWith(`extension/node_modules/${pkg}/`);
      const nativePackages = new Set(
        names
          .filter((n) => n.startsWith('extension/node_modules/@img/sharp-'))
          .map((n) => n.split('/').slice(2, 4).join('/')),
      );
      assert.deepEqual(
        [...nativePackages].sort(),
        [...target.nativePackages].sort(),
        `${where} native packages`,
      );
      const usearchBinary = target.usearchPrebuild
        ? `extension/node_modules/usearch/prebuilds/${target.usearchPrebuild}/usearch.node`
        : undefined;
      for (const name of names.filter((n) => NATIVE_FILE.test(n)))
        assert.ok(
          target.nativePackages.some((pkg) => inPackage(name, pkg)) || name === usearchBinary,
          `${where} ${name} is not ${target.target}'s`,
        );
      if (usearchBinary) {
        const binary = entries.find((e) => e.name === usearchBinary);
        assert.ok(binary, `${where} ${usearchBinary} missing`);
        assert.ok(binary.compressedSize <= USEARCH_BUDGET, `${where} usearch ${binary.compressedSize} B`);
        for (const file of USEARCH_RUNTIME) assert.ok(names.includes(file), `${where} ${file} missing`);
      }
      for (const pkg of target.nativePackages)
        assert.ok(
          names.some((n) => inPackage(n, pkg) && NATIVE_FILE.test(n)),
          `${where} ${pkg} has no binary`,
        );
      assert.deepEqual(
        names.filter((n) => NOT_SHIPPED.test(n)),
        [],
        `${where} files not needed at run time`,
      );

      const native = entries
        .filter((e) => target.nativePackages.some((pkg) => inPackage(e.name, pkg)))
        .reduce((sum, e) => sum + e.compressedSize, 0);
      const portable = entries.filter((e) => !NATIVE_FILE.test(e.name) && !e.name.includes('/@img/sharp-'));
      const portableBytes = portable.reduce((sum, e) => sum + e.compressedSize, 0);
      console.log(
        `  ${target.target}: ${(native / 1e6).toFixed(2)} MB native, ${(portableBytes / 1e6).toFixed(2)} MB the rest`,
      );
      assert.ok(
        native <= NATIVE_BUDGET[target.target],
        `${where} native ${native} B > ${NATIVE_BUDGET[target.target]}`,
      );
      assert.ok(
        portableBytes <= PORTABLE_BUDGET,
        `${where} ${portableBytes} B outside the native packages > ${PORTABLE_BUDGET}; largest: ${portable
          .sort((a, b) => b.compressedSize - a.compressedSize)
          .slice(0, 5)
          .map((e) => `${e.name} ${e.compressedSize}`)
          .join(', ')}`,
      );
    }
  });

  it('the linux-x64 VSIX installs into a clean code-server', async () => {
    ensureCodeServer();
    sandbox = createSandbox('Default Light Modern', { linkProject: false });
    installVsix(sandbox, path.join(VSIX_DIR, vsixName(manifest, 'linux-x64')));
    const folder = installedExtension(sandbox);
    assert.ok(existsSync(path.join(folder, 'dist', 'extension.js')), `${folder} holds the extension`);
    assert.ok(
      !existsSync(path.join(folder, 'node_modules', '@tensorflow')),
      'tfjs comes bundled, not as packages',
    );
    server = await startCodeServer(sandbox, await freePort());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await page.goto(workbenchUrl(server, sandbox.workspace));
    await waitForWorkbench(page);
  });

  it('its details page shows the icon and the README with its pictures', async () => {
    await page.keyboard.press('Control+Shift+X'); // the Extensions view; its Installed list fills in a few seconds
    const row = page
      .locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName })
      .first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const editor = page.locator('.extension-editor');
    await editor.locator('.header .name', { hasText: manifest.displayName }).waitFor({ timeout: 30_000 });
    const icon = editor.locator('.header .icon-container img.icon');
    await until('the icon to load', async () =>
      icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src),
    );
    assert.match((await icon.getAttribute('src')) ?? '', /icon\.png/);

    const readme = await until('the README webview', async () => {
      for (const frame of page.frames())
        if (
          (await frame
            .locator('h1', { hasText: manifest.displayName })
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      return undefined;
    });
    const pictures = await until('the README pictures to load', async () => {
      const shown = await picturesShown(readme);
      return shown.length >= 2 && shown.every((p) => p.loaded) ? shown : undefined;
    });
    assert.deepEqual(
      pictures.map((p) => p.alt),
      [...readFileSync(path.join(PROJECT, 'README.md'), 'utf8').matchAll(/!\[([^\]]*)\]\(/g)].map(
        (m) => m[1],
      ),
    );
    await page.screenshot({ path: path.join(sandbox.artifacts, 'vsix-details.png') });
    await readme.locator('img').last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(sandbox.artifacts, 'vsix-details-preview-picture.png') });
    await runCommand(page, 'View: Close All Editors');
  });

  it('the installed extension analyses the sample (its own sharp binaries)', async () => {
    const cli = spawnSync(
      process.execPath,
      [
        path.join(PROJECT, 'dist', 'cli.js'),
        'analyze',
        path.join(sandbox.workspace, 'sample'),
        '--json',
        '--no-cache',
      ],
      { encoding: 'utf8' },
    );
    const expected = JSON.parse(cli.stdout) as { files: number };
    await runCommand(page, 'View: Show Explorer');
    await explorerContextMenu(page, 'sample', 'Analyze Image Dataset');
    const frame = await panelFrame(page);
    await frame.locator('dl-overview .card-value').first().waitFor({ timeout: 60_000 });
    await frame.locator('dl-app .banner.partial').waitFor({ state: 'detached', timeout: 60_000 });
    const cards = await frame.locator('dl-overview .card-value').allInnerTexts();
    assert.equal(cards[0], String(expected.files));
    await page.screenshot({ path: path.join(sandbox.artifacts, 'vsix-overview.png') });
  });

  it("TensorFlow.js, the probe's model, the content model and usearch run from the installed extension's folder", async () => {
    const dist = path.join(installedExtension(sandbox), 'dist');
    const check = path.join(dist, 'tf-check.js');
    await esbuild.build({
      entryPoints: [path.join(PROJECT, 'test', 'e2e', 'fixtures', 'tfInExtension.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: check,
      external: ['sharp', 'usearch', '@tensorflow/*', 'nsfwjs', 'vscode'],
      logLevel: 'warning',
    });
    try {
      const run = spawnSync(process.execPath, [check], {
        cwd: sandbox.dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: '', DATASET_LENS_TF_BACKEND: 'wasm' },
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr);
      const result = JSON.parse(run.stdout) as {
        backend: string;
        accuracy: number;
        modelId: string;
        dims: number;
        nearest: [number, number][];
      };
      assert.equal(result.backend, 'wasm');
      assert.equal(result.accuracy, 1);
      assert.match(result.modelId, new RegExp(`^${CONTENT_MODEL.package}@`));
      assert.equal(result.dims, CONTENT_MODEL.dims);
      assert.deepEqual(
        result.nearest.sort((a, b) => a[0] - b[0]),
        [
          [0, 1],
          [1, 0],
          [2, 3],
          [3, 2],
        ],
      );
    } finally {
      rmSync(check, { force: true });
    }
  });
});

/** The README's pictures: alt text, and whether each decoded (a stripped or unreachable src never does). */
async function picturesShown(readme: Frame): Promise<{ alt: string; loaded: boolean }[]> {
  return readme
    .locator('img')
    .evaluateAll((images: HTMLImageElement[]) =>
      images.map((img) => ({ alt: img.alt, loaded: img.complete && img.naturalWidth > 0 })),
    );
}
