import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { planOutputs } from '../../src/core/export/exportPlan';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const entry = (file: string): FileEntry => ({
  file,
  open: `/data/${file}`,
  size: 1,
  mtimeMs: 0,
  label: 'cat',
});
const plan = (files: string[], copies = 1) =>
  planOutputs(files.map(entry), { copies, balance: false, seed: 1, format: 'png' }).outputs.map((o) =>
    path.posix.basename(o.file),
  );

/** The longest name written: the temporary `.<name>.partial`, which must fit the 255-byte limit of file names. */
const tempBytes = (name: string) => bytes(`.${name}.partial`);

test('long names are shortened by bytes, keeping the copy, the extension and a hash of the whole name', () => {
  const long = 'a'.repeat(250) + '.png';
  const [first, second] = plan([`cat/${long}`], 2);
  for (const name of [first, second]) {
    assert.ok(tempBytes(name) <= 255, `${bytes(name)} bytes`);
    assert.match(name, /^a+~[0-9a-f]{10}_aug[01]\.png$/);
  }
  assert.notEqual(first, second);
  assert.deepEqual(plan([`cat/${long}`], 2), [first, second], 'deterministic');
  assert.equal(plan(['cat/short.png'])[0], 'short_aug0.png', 'short names are unchanged');
  const edge = 'b'.repeat(237) + '.png'; // exactly fits: `.<b*237>_aug0.png.partial` is 255 bytes
  assert.equal(plan([`cat/${edge}`])[0], 'b'.repeat(237) + '_aug0.png');
  assert.match(plan([`cat/b${edge}`])[0], /~[0-9a-f]{10}_aug0\.png$/, 'one byte more is shortened');
});

test('two long names sharing their first 240 bytes stay apart', () => {
  const prefix = 'p'.repeat(240);
  const names = plan([`cat/${prefix}-one.png`, `cat/${prefix}-two.png`]);
  assert.equal(new Set(names).size, 2, names.join('\n'));
});

test('multi-byte names are cut between code points, never inside one', () => {
  for (const char of ['é', '猫', '😺']) {
    const name = plan([`cat/${char.repeat(200)}x.png`])[0];
    assert.ok(tempBytes(name) <= 255, `${char}: ${bytes(name)} bytes`);
    assert.ok(!name.includes('\ufffd'), 'no broken byte sequence');
    assert.doesNotMatch(
      name,
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      'no lone surrogate',
    );
    assert.ok(name.startsWith(char.repeat(10)));
  }
});

test('sources with 241+ byte names are exported (they failed with ENAMETOOLONG)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const rng = createRng(3);
    const src = path.join(dir, 'src');
    const names = ['a'.repeat(238) + '.png', 'é'.repeat(125) + 'x.png', 'short.png'];
    for (const name of names) await writePng(path.join(src, 'cat', name), randomImage(rng, 6, 5, 3));
    const pipeline = validatePipeline({ version: 1, transforms: [{ name: 'flipVertical' }] });
    const out = path.join(dir, 'out');
    const summary = await exportAugmented(src, pipeline, { out, workers: 0, copies: 2 });
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.written, 6);
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
    const written = readdirSync(path.join(out, 'cat')).sort();
    assert.deepEqual(
      manifest.outputs.map((o: { file: string }) => path.posix.basename(o.file)).sort(),
      written,
    );
    assert.deepEqual(
      [...new Set(manifest.outputs.map((o: { source: string }) => o.source))].sort(),
      names.map((n) => `cat/${n}`).sort(),
      'the manifest keeps each full source name',
    );
  } finally {
    cleanup();
  }
});
