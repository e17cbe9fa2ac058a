import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';

const repo = path.resolve(__dirname, '..', '..');
interface Manifest {
  icon?: string;
  private?: boolean;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Manifest;

describe('distribution', () => {
  it('names an icon that exists: a square PNG of 128 or 256 px', async () => {
    assert.ok(manifest.icon, 'package.json has no icon');
    const meta = await sharp(path.join(repo, manifest.icon)).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, meta.height);
    assert.ok([128, 256].includes(meta.width ?? 0), `${meta.width} px`);
  });

  it('is a publishable npm package whose bin is in its files', () => {
    assert.notEqual(manifest.private, true);
    const bin = path.normalize(manifest.bin['dataset-lens']);
    assert.ok(manifest.files.includes(bin), `${bin} not in files`);
  });

  // Everything else is bundled: a library listed here would be installed for nothing, one missing would make
  // the installed CLI or VSIX fail with "Cannot find module".
  it('depends on exactly the packages its bundles require at run time', () => {
    const bundles = [
      'cli.js',
      'worker.js',
      'export-worker.js',
      'engine.js',
      'extension.js',
      'jobs.js',
      'tf.js',
    ];
    const required = new Set<string>();
    for (const bundle of bundles) {
      const text = readFileSync(path.join(repo, 'dist', bundle), 'utf8');
      for (const [, id] of text.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
        const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0];
        if (builtinModules.includes(name) || name.startsWith('node:')) continue;
        // vscode is the extension host's; tfjs requires node-fetch only where Node has no fetch (Node < 18).
        if (name === 'vscode' || (bundle === 'tf.js' && name === 'node-fetch')) continue;
        required.add(name);
      }
    }
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), [...required].sort());
  });

  // The VSIX and the npm package carry the model's files, not its package (whose peer is all of tfjs).
  it("the build copies the embedding model's files and version beside the bundles", () => {
    const installed = path.join(repo, 'node_modules', CONTENT_MODEL.package);
    const from = path.join(installed, 'dist', 'models', CONTENT_MODEL.folder);
    const to = path.join(repo, 'dist', 'models', CONTENT_MODEL.folder);
    for (const file of readdirSync(from))
      assert.ok(readFileSync(path.join(to, file)).equals(readFileSync(path.join(from, file))), file);
    const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.deepEqual(JSON.parse(readFileSync(path.join(to, 'source.json'), 'utf8')), {
      package: CONTENT_MODEL.package,
      version,
    });
  });
});

describe('what the extension tells users', () => {
  // `npx dataset-lens` fetches from the npm registry, where Dataset Lens is not published.
  it('sends nobody to npx', () => {
    const sources = readdirSync(path.join(repo, 'src', 'extension'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('src', 'extension', f));
    const offenders = sources.filter((f) => /\bnpx\b/.test(readFileSync(path.join(repo, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
