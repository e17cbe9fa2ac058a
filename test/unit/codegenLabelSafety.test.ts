import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CODE_TARGETS, exportCode } from '../../src/core/codegen/exportCode';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import type { TransformSafety } from '../../src/core/probe/probeTypes';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';
import { digitsReport } from './helpers/digitsReport';

const pipeline = validatePipeline({
  version: 1,
  seed: 3,
  transforms: [
    { name: 'brightness', delta: [-0.1, 0.1] },
    { name: 'rotate', degrees: [180, 180] },
  ],
});

/** The comment lines right above the first code line that mentions `needle`. */
function commentsAbove(code: string, needle: RegExp): string[] {
  const lines = code.split('\n');
  const at = lines.findIndex((l) => needle.test(l) && !l.trim().startsWith('#'));
  assert.ok(at > 0, `no line matches ${needle}`);
  const above: string[] = [];
  for (let i = at - 1; i >= 0 && lines[i].trim().startsWith('#'); i--) above.unshift(lines[i].trim());
  return above;
}

test('a step that breaks labels carries the warning as comments above it, in every target', () => {
  const labelSafety = labelSafetyFromReport(digitsReport, pipeline).transforms;
  for (const target of CODE_TARGETS) {
    const code = exportCode(pipeline, target, { labelSafety });
    const rotate = commentsAbove(code, /Rotat/);
    const warning = rotate.filter((l) => l.startsWith('# LABEL SAFETY'));
    assert.ok(warning.length >= 1, `${target}:\n${rotate.join('\n')}`);
    assert.match(
      warning[0],
      /^# LABEL SAFETY: this step breaks labels \(digits rule\): "6" -> "9", "9" -> "6"\.$/,
    );
    assert.ok(
      rotate.some((l) => /Remove it or narrow its range/.test(l)),
      rotate.join('\n'),
    );
    assert.equal(
      code.split('\n').filter((l) => l.includes('# LABEL SAFETY')).length,
      1,
      'brightness is safe',
    );
    assert.equal(
      exportCode(pipeline, target).includes('LABEL SAFETY'),
      false,
      'no label safety given, no warning',
    );
  }
});

test("a measured step's warning gives the cost with its interval and test", () => {
  const [light, turn] = labelSafetyFromReport(digitsReport, pipeline).transforms;
  const measured: TransformSafety = {
    ...turn,
    measuredVerdict: 'breaks',
    measured: {
      cost: 0.2667,
      interval: [0.159, 0.361],
      margin: 0.01,
      test: { name: 'McNemar', pValue: 9.5e-7, worse: 20, better: 0 },
      decision: 'costs',
      heldOut: 75,
      rounds: 1,
      nullAccuracy: 1,
      withAccuracy: 0.7333,
    },
  };
  const code = exportCode(pipeline, 'keras', { labelSafety: [light, measured] });
  const warning = commentsAbove(code, /RandomRotation|Rotat/).join('\n');
  assert.match(warning, /breaks labels \(measured and digits rule\)/);
  assert.match(
    warning,
    /# Training with it cost 0\.267 of clean accuracy on these images \(95% interval 0\.159 to 0\.361, McNemar p = 9\.5e-7\)\./,
  );
});

test('export-code --dataset and --stats warn about the steps the rules flag for that dataset', async () => {
  const temp = tempDir('dl-code-safety-');
  try {
    const root = path.join(temp.dir, 'digits');
    await writeGlyphDataset(root, DIGIT_GLYPHS, 4, 1);
    const file = path.join(temp.dir, 'turn.pipeline.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, seed: 1, transforms: [{ name: 'rotate', degrees: [180, 180] }] }),
    );
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: temp.dir },
      });
    const fromDataset = cli('export-code', '--pipeline', file, '--target', 'keras', '--dataset', root);
    assert.equal(fromDataset.status, 0, fromDataset.stderr);
    assert.match(
      fromDataset.stdout,
      /# LABEL SAFETY: this step breaks labels \(digits rule\): "6" -> "9", "9" -> "6"\./,
    );
    const report = path.join(temp.dir, 'report.json');
    writeFileSync(report, cli('analyze', root, '--json').stdout);
    const fromStats = cli('export-code', '--pipeline', file, '--target', 'torchvision', '--stats', report);
    assert.equal(fromStats.status, 0, fromStats.stderr);
    assert.match(fromStats.stdout, /# LABEL SAFETY: this step breaks labels \(digits rule\)/);
  } finally {
    temp.cleanup();
  }
});
