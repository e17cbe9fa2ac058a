import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { fromBytes, toBytes } from '../../src/core/augment/augImage';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { replaySteps } from '../../src/core/pipeline/runPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { CancelledError } from '../../src/core/util/errors';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const pipeline = validatePipeline({
  version: 1,
  seed: 9,
  transforms: [
    { name: 'rotate', degrees: [-20, 20], p: 0.7 },
    { name: 'flipHorizontal' },
    { name: 'brightness', delta: [-0.1, 0.1] },
  ],
});

/** cat: 3 PNGs, dog: 1 PNG + 1 JPEG, bird: 1 grey PNG. */
async function makeDataset(root: string) {
  const rng = createRng(1);
  const images = new Map<string, ReturnType<typeof randomImage>>();
  for (const [file, channels] of [
    ['cat/a.png', 3],
    ['cat/b.png', 3],
    ['cat/c.png', 3],
    ['dog/d.png', 3],
    ['bird/e.png', 1],
  ] as const) {
    const img = randomImage(rng, 12, 10, channels);
    images.set(file, img);
    await writePng(path.join(root, file), img);
  }
  await sharp(Buffer.from(randomImage(rng, 16, 16, 3).data), { raw: { width: 16, height: 16, channels: 3 } })
    .jpeg()
    .toFile(path.join(root, 'dog', 'f.jpg'));
  return images;
}

/** Every file below `dir` with its size and mtime: proof the source was not touched. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

test('export writes the same layout and formats, a manifest that reproduces every output, and leaves the source alone', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    const images = await makeDataset(src);
    const before = snapshot(src);
    const out = path.join(dir, 'out');
    const summary = await exportAugmented(src, pipeline, { out, copies: 2 });
    assert.deepEqual(snapshot(src), before, 'source untouched');
    assert.equal(summary.sources, 6);
    assert.equal(summary.written, 12);
    assert.ok(existsSync(path.join(out, 'cat', 'a_aug0.png')));
    assert.ok(existsSync(path.join(out, 'dog', 'f_aug1.jpg')));
    assert.ok(!readdirSync(path.join(out, 'cat')).some((f) => f.includes('.partial')), 'no temp files left');

    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
    assert.equal(manifest.seed, 9);
    assert.equal(manifest.outputs.length, 12);
    assert.deepEqual(
      manifest.pipeline.transforms.map((t: { name: string }) => t.name),
      ['rotate', 'flipHorizontal', 'brightness'],
    );
    // Lossless outputs are reproduced bit for bit from the source and the manifest alone.
    for (const record of manifest.outputs.filter((r: { file: string }) => r.file.endsWith('.png'))) {
      const src8 = images.get(record.source)!;
      const replayed = replaySteps(
        fromBytes(src8.width, src8.height, src8.channels as 1 | 3, src8.data),
        record.transforms,
      );
      const meta = await sharp(path.join(out, record.file)).metadata();
      assert.equal(meta.channels, src8.channels, `${record.file}: grey stays grey`);
      const reader = sharp(path.join(out, record.file));
      if (src8.channels === 1) reader.toColourspace('b-w');
      const { data } = await reader.raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual(new Uint8Array(data), toBytes(replayed), record.file);
    }
  } finally {
    cleanup();
  }
});

test('a re-run skips finished files; other settings or a foreign folder are refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const out = path.join(dir, 'out');
    const first = await exportAugmented(src, pipeline, { out, copies: 1 });
    const mtime = statSync(path.join(out, 'cat', 'a_aug0.png')).mtimeMs;
    const again = await exportAugmented(src, pipeline, { out, copies: 1 });
    assert.equal(again.written, 0);
    assert.equal(again.skipped, first.written);
    assert.equal(statSync(path.join(out, 'cat', 'a_aug0.png')).mtimeMs, mtime);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8')).outputs.length,
      first.written,
      'the manifest still lists every output',
    );
    await assert.rejects(
      exportAugmented(src, pipeline, { out, copies: 2 }),
      /holds an export made with a different copies \(1, now 2\)/,
    );
    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    await assert.rejects(
      exportAugmented(src, pipeline, { out: foreign }),
      /is not empty and holds no dataset-lens export/,
    );
  } finally {
    cleanup();
  }
});

test('an interrupted export resumes: outputs missing from the journal are redone', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const out = path.join(dir, 'out');
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      exportAugmented(
        src,
        pipeline,
        // In this process, one source at a time: the pool sends small sources several to a message, all of
        // them done before a progress event could stop the run.
        { out, copies: 3, concurrency: 1, workers: 0 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.done > 0 && ++seen === 2) controller.abort();
          },
        },
      ),
      CancelledError,
    );
    const partial = readdirSync(path.join(out, 'cat')).length;
    const resumed = await exportAugmented(src, pipeline, { out, copies: 3, concurrency: 1 });
    assert.ok(resumed.skipped > 0 && resumed.skipped < 18, `skipped ${resumed.skipped}`);
    assert.equal(resumed.skipped + resumed.written, 18);
    assert.ok(readdirSync(path.join(out, 'cat')).length > partial);
  } finally {
    cleanup();
  }
});

test('--balance oversamples smaller classes to the largest class size', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const summary = await exportAugmented(src, pipeline, {
      out: path.join(dir, 'out'),
      copies: 2,
      balance: true,
    });
    const byClass = Object.fromEntries(summary.classes.map((c) => [c.className, c]));
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(byClass).map(([k, c]) => [k, [c.sources, c.outputs, c.copiesPerImage]]),
      ),
      { bird: [1, 6, [6, 6]], cat: [3, 6, [2, 2]], dog: [2, 6, [3, 3]] },
    );
    assert.equal(summary.written, 18);
  } finally {
    cleanup();
  }
});

test('--format converts, and an output folder inside or around the source is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    await exportAugmented(src, pipeline, { out: path.join(dir, 'webp'), format: 'webp' });
    assert.ok(existsSync(path.join(dir, 'webp', 'dog', 'f_aug0.webp')));
    assert.equal((await sharp(path.join(dir, 'webp', 'cat', 'a_aug0.webp')).metadata()).format, 'webp');
    await assert.rejects(
      exportAugmented(src, pipeline, { out: path.join(src, 'aug') }),
      /is inside the source dataset/,
    );
    await assert.rejects(exportAugmented(src, pipeline, { out: src }), /is inside the source dataset/);
    await assert.rejects(exportAugmented(src, pipeline, { out: dir }), /contains the source dataset/);
  } finally {
    cleanup();
  }
});

test('CLI: augment --json and export-code (the bundle)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const pipelineFile = path.join(dir, 'p.json');
    writeFileSync(
      pipelineFile,
      JSON.stringify({ version: 1, seed: 3, transforms: [{ name: 'flipVertical', p: 1 }] }),
    );
    const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    const result = run(
      'augment',
      src,
      '--pipeline',
      pipelineFile,
      '--out',
      path.join(dir, 'out'),
      '--copies',
      '2',
      '--json',
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).written, 12);
    const code = run('export-code', '--pipeline', pipelineFile, '--target', 'torchvision');
    assert.equal(code.status, 0, code.stderr);
    assert.match(code.stdout, /v2\.RandomVerticalFlip\(p=1\.0\)/);
    const bad = run(
      'augment',
      src,
      '--pipeline',
      pipelineFile,
      '--out',
      path.join(dir, 'o2'),
      '--format',
      'gif',
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Expected one of png, jpeg, webp, tiff for --format but received "gif"/);
    writeFileSync(pipelineFile, JSON.stringify({ version: 1, transforms: [{ name: 'rotat' }] }));
    const invalid = run('export-code', '--pipeline', pipelineFile, '--target', 'keras');
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /Did you mean "rotate"\?/);
  } finally {
    cleanup();
  }
});
