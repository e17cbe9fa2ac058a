import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { WORST_EXAMPLES } from '../../src/core/quality/severity';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');

/** A flat grey square of `level` with a few noisy pixels: low entropy that grows with `noise`. */
async function flat(file: string, level: number, noise: number, seed: number): Promise<void> {
  const rng = createRng(seed);
  const data = new Uint8Array(32 * 32).fill(level);
  for (let k = 0; k < noise; k++) data[rng.int(0, data.length - 1)] = rng.int(0, 255);
  await writePng(path.join(root, file), { width: 32, height: 32, channels: 1, data });
}

let report: DatasetReport;

before(async () => {
  // 70 near-flat images (low information in most of the dataset, so summarised) with growing noise, a few
  // busy ones, and a corrupt file: enough to check the worst examples are kept, in order.
  for (let i = 0; i < 70; i++) await flat(`train/flat/f${String(i).padStart(2, '0')}.png`, 20 + i, i * 3, i);
  const rng = createRng(5);
  for (let i = 0; i < 6; i++)
    await writePng(path.join(root, `val/busy/b${i}.png`), randomImage(rng, 32, 32, 3));
  mkdirSync(path.join(root, 'val', 'busy'), { recursive: true });
  writeFileSync(path.join(root, 'val', 'busy', 'broken.png'), Buffer.from('not a png'));
  await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } })
    .png()
    .toFile(path.join(root, 'val', 'busy', 'black.png'));
  report = await analyzeDataset(root, { workers: 0 });
});

after(() => tmp.cleanup());

describe('findings carry what a triage table needs', () => {
  it('every issue names its class and split, unreadable files included', () => {
    const broken = report.issues.find((i) => i.file === 'val/busy/broken.png');
    assert.ok(broken, JSON.stringify(report.issues.map((i) => i.file)));
    assert.equal(broken.class, 'busy');
    assert.equal(broken.split, 'val');
    const dark = report.issues.find((i) => i.file === 'val/busy/black.png' && i.kind === 'dark');
    assert.ok(dark);
    assert.deepEqual([dark.class, dark.split], ['busy', 'val']);
  });

  it('every issue has a severity in 0..1, deeper past the threshold scoring higher', () => {
    for (const issue of [...report.issues, ...report.quality.worst]) {
      assert.equal(typeof issue.severity, 'number', JSON.stringify(issue));
      assert.ok(issue.severity! >= 0 && issue.severity! <= 1, JSON.stringify(issue));
    }
    const dark = report.issues.filter((i) => i.kind === 'dark');
    const black = dark.find((i) => i.file === 'val/busy/black.png')!;
    // A black image against the 0.32 threshold: near the extreme, and darker than any near-flat grey one.
    assert.ok(black.severity! > 0.85, String(black.severity));
    for (const other of dark) assert.ok(other.severity! <= black.severity!, JSON.stringify(other));
    assert.ok(dark.length > 1, 'some grey squares are dark too');
  });

  it('a kind found in most images keeps its worst examples, most severe first', () => {
    assert.ok(report.quality.summarised.includes('low_information'), report.quality.summarised.join());
    const worst = report.quality.worst.filter((i) => i.kind === 'low_information');
    assert.equal(worst.length, Math.min(WORST_EXAMPLES, report.quality.counts.low_information));
    const scores = worst.map((i) => i.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => a - b),
      'lowest entropy first',
    );
    const severities = worst.map((i) => i.severity!);
    assert.deepEqual(
      severities,
      [...severities].sort((a, b) => b - a),
    );
    assert.equal(worst[0].class, 'flat');
    // Still not listed file by file.
    assert.equal(report.issues.filter((i) => i.kind === 'low_information').length, 0);
  });
});
