import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exportCode } from '../../src/core/codegen/exportCode';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { TRANSFORM_CASES } from './augmentTable';
import { pythonMissing, runPython } from './helpers/python';

const RUN = readFileSync(path.join(__dirname, 'helpers', 'torchvision_run.py'), 'utf8');

interface Report {
  problems: string[];
  skipped?: string;
  ran_with?: string;
  shape?: number[];
  dtype?: string;
  finite?: boolean;
}

describe('torchvision code: transforms.v2 names and keywords, and it runs', () => {
  for (const p of [1, 0.5]) {
    it(`every transform at p=${p}`, (t) => {
      const missing = pythonMissing();
      if (missing) return t.skip(missing);
      const pipeline = validatePipeline({
        version: 1,
        seed: 3,
        // randomCrop to 40 x 40 and randomResizedCrop to a size end each run with a known size.
        transforms: [
          ...TRANSFORM_CASES.filter((c) => !c.outSize).map((c) => ({ name: c.name, p, ...c.options })),
          { name: 'randomResizedCrop', size: [16, 20], p: 1 },
        ],
      });
      const code = exportCode(pipeline, 'torchvision', {
        normalization: { mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2], source: 'test' },
        imageSize: [30, 40],
      });
      const report = runPython<Report>(RUN, { code });
      assert.deepEqual(report.problems, []);
      if (report.skipped) return t.skip(report.skipped);
      t.diagnostic(`ran with ${report.ran_with}`);
      assert.deepEqual(report.shape, [3, 16, 20]);
      assert.equal(report.dtype, 'torch.float32');
      assert.equal(report.finite, true);
    });
  }
});
