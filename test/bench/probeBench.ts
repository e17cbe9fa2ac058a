import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import { DIGIT_GLYPHS, writeAppleDataset, writeGlyphDataset } from '../unit/helpers/probeData';

/**
 * Label-safety probe timings on 2,000-image sets (the budget: under 30 s on CPU):
 * `npm run build && node --import tsx test/bench/probeBench.ts [runs]`. Data is generated once under
 * bench-data/probe/: 28x28 grey digits 0 1 6 7 9 and 96x96 RGB JPEG apples in three colours.
 */
const repo = path.resolve(__dirname, '..', '..');
const base = path.join(repo, 'bench-data', 'probe');
const runs = Number(process.argv[2] ?? 2);

const SETS = [
  {
    name: 'digits',
    make: (dir: string) => writeGlyphDataset(dir, DIGIT_GLYPHS, 400, 3),
    transforms: [
      { name: 'rotate', degrees: [180, 180] },
      { name: 'flipVertical' },
      { name: 'brightness', delta: [-0.1, 0.1] },
      { name: 'rotate', degrees: [-10, 10] },
      { name: 'flipHorizontal' },
    ],
  },
  {
    name: 'apples',
    make: (dir: string) => writeAppleDataset(dir, 667, 8),
    transforms: [
      { name: 'hue', delta: [-0.05, 0.05] },
      { name: 'hue', delta: [-0.3, 0.3] },
      { name: 'grayscale', p: 0.2 },
      { name: 'flipHorizontal' },
      { name: 'saturation', factor: [0.8, 1.2] },
    ],
  },
];

async function main(): Promise<void> {
  for (const set of SETS) {
    const dir = path.join(base, set.name);
    if (!existsSync(dir)) await set.make(dir);
    mkdirSync(base, { recursive: true });
    const pipeline = path.join(base, `${set.name}.pipeline.json`);
    writeFileSync(pipeline, JSON.stringify({ version: 1, seed: 1, transforms: set.transforms }));
    for (let run = 1; run <= runs; run++) {
      const started = Date.now();
      const result = spawnSync(
        process.execPath,
        [path.join(repo, 'dist', 'cli.js'), 'probe', dir, '--pipeline', pipeline, '--json'],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (result.status !== 0) throw new Error(result.stderr);
      const report = JSON.parse(result.stdout) as LabelSafetyReport;
      const verdicts = report.transforms.map((t) => `${t.name}:${t.verdict}`).join(' ');
      console.log(
        `${set.name} run ${run}: ${((Date.now() - started) / 1000).toFixed(1)} s wall (probe ${(report.durationMs / 1000).toFixed(1)} s), ` +
          `${report.sample?.train}+${report.sample?.heldOut} images, clean ${report.cleanAccuracy}, ${report.backend}: ${verdicts}`,
      );
    }
  }
}

void main();
