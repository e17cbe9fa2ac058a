import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { greyAgreement } from '../../src/core/content/greyAgreement';
import { CONFIRM_THUMB_SIZE } from '../../src/core/content/modelInput';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { tempDir } from './helpers/images';

const python = '/usr/bin/python3';
const tmp = tempDir('dataset-lens-small-content-');
after(() => tmp.cleanup());

/**
 * scikit-learn's digits (8x8, written by PIL enlarged to 32x32 as /work/data/digits is): rows that are different
 * handwritten samples (8 to 16 grey levels apart over the 8x8), yet whose 48 px high-pass thumbnails agreed at
 * 0.951-0.966, above the 0.95 small images need; in the whole set two such pairs crossed classes and were reported
 * as "the same picture under two labels". Mirrored and 90%-resized copies of other rows must still be found. (Row
 * 1626 is left out: it is row 1213's bar, dimmer, which a brightness-invariant check rightly calls a copy.)
 */
const LOOK_ALIKES = [1329, 1334, 1213, 1509, 1458, 229, 396, 1471, 1485, 1076, 1134, 556, 612, 741, 1035];
const COPIED = [5, 17, 42, 300];

test('small images: distinct handwritten digits are not near duplicates, their copies are', async (t) => {
  if (spawnSync(python, ['-c', 'import numpy, PIL, sklearn']).status !== 0) {
    t.skip('needs Debian python3-numpy, python3-pil and python3-sklearn (.ci/run installs them)');
    return;
  }
  const root = path.join(tmp.dir, 'digits');
  const script = `
import sys, os, numpy as np
from PIL import Image, ImageOps
from sklearn.datasets import load_digits
root, alike, copied = sys.argv[1], [int(v) for v in sys.argv[2].split(',')], [int(v) for v in sys.argv[3].split(',')]
d = load_digits()
def image(i):
    return Image.fromarray((d.images[i] * 255 / 16).round().astype(np.uint8)).resize((32, 32), Image.BILINEAR)
def save(im, i, suffix=''):
    folder = os.path.join(root, str(d.target[i]))
    os.makedirs(folder, exist_ok=True)
    im.save(os.path.join(folder, 'digit_%04d%s.png' % (i, suffix)))
for i in alike + copied:
    save(image(i), i)
for i in copied:
    save(ImageOps.mirror(image(i)), i, '_mirror')
    save(image(i).resize((29, 29), Image.LANCZOS), i, '_resize90')
`;
  const made = spawnSync(python, ['-c', script, root, LOOK_ALIKES.join(','), COPIED.join(',')], {
    encoding: 'utf8',
  });
  assert.equal(made.status, 0, made.stderr);
  const report = await analyzeDataset(root, {
    workers: 0,
    cacheDir: path.join(tmp.dir, 'cache'),
    content: true,
  });
  const groups = report.quality.duplicates.near.map((g) => [...g.files].sort());
  const row = (file: string) => Number(/digit_(\d+)/.exec(file)![1]);
  const mixed = groups.filter((files) => new Set(files.map(row)).size > 1);
  assert.deepEqual(
    mixed,
    [],
    `groups of different digits: ${JSON.stringify(report.quality.duplicates.near)}`,
  );
  assert.deepEqual(
    groups.map((files) => row(files[0])).sort((a, b) => a - b),
    COPIED,
    'each copied digit grouped with its mirror and its resized copy',
  );
  assert.ok(groups.every((files) => files.length === 3));
  assert.equal(report.quality.leakage.length, 0);
});

test('greyAgreement: 1 for a mirrored, brighter copy; 0 for a flat thumbnail; lower for a shifted picture', () => {
  const side = CONFIRM_THUMB_SIZE;
  const picture = new Uint8Array(side * side).map(
    (_, i) => ((i % side) * 3 + Math.floor(i / side) * 2) % 200,
  );
  const mirroredBrighter = new Uint8Array(side * side);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) mirroredBrighter[y * side + x] = picture[y * side + side - 1 - x] + 40;
  assert.ok(Math.abs(greyAgreement(picture, mirroredBrighter) - 1) < 1e-12);
  assert.equal(greyAgreement(picture, new Uint8Array(side * side).fill(7)), 0);
  const shifted = new Uint8Array(side * side).map((_, i) => picture[(i + 5 * side) % (side * side)]);
  assert.ok(greyAgreement(picture, shifted) < 0.9, `${greyAgreement(picture, shifted)}`);
});
