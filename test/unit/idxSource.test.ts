import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { comparable } from './helpers/comparableReport';
import { writeIdxAndPngs } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const idxDir = path.join(tmp.dir, 'idx');
const pngRoot = path.join(tmp.dir, 'png');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
let pngOf: (member: string) => string = (m) => m;

before(() => {
  if (!skip) pngOf = writeIdxAndPngs(idxDir, pngRoot, { train: 40, t10k: 15 }).pngOf;
});
after(() => tmp.cleanup());

test(
  'MNIST idx: train and t10k pairs read as splits; statistics equal the PNG folder to the bit',
  { skip },
  async () => {
    const idx = await analyzeDataset(idxDir, { workers: 2 });
    const png = await analyzeDataset(pngRoot, { workers: 2 });
    assert.equal(idx.layout, 'idx');
    assert.deepEqual(idx.splits.map((s) => s.name).sort(), ['test', 'train']);
    assert.equal(idx.files, 55);
    assert.equal(idx.images, 55);
    assert.ok(
      idx.issues.some((i) => i.kind === 'exact_duplicate' && i.file === 'train-images-idx3-ubyte.gz#1'),
    );
    assert.deepEqual(comparable(idx, pngOf), comparable(png));
  },
);

test(
  'MNIST idx: one images file names its pair; in-process analysis gives the same statistics',
  { skip },
  async () => {
    const one = await analyzeDataset(path.join(idxDir, 't10k-images-idx3-ubyte.gz'), { workers: 0 });
    const png = await analyzeDataset(path.join(pngRoot, 'test'), { workers: 0 });
    assert.equal(one.splits.length, 0);
    assert.equal(one.files, 15);
    const pngOfTest = (member: string) => pngOf(member).replace(/^test\//, '');
    assert.deepEqual(comparable(one, pngOfTest), comparable(png));
  },
);
