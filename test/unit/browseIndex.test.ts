import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browseIndex } from '../../src/core/browse/browseIndex';
import { imageDetails } from '../../src/core/browse/imageDetails';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { NUMPY_PIL, pythonMissing, runPython } from './helpers/python';

const tmp = tempDir();
after(() => tmp.cleanup());
const root = path.join(tmp.dir, 'data');
const cacheDir = path.join(tmp.dir, 'cache');

/** The reference: the folder walked and each image opened by PIL (size, mode, entropy) and os (bytes). */
const REFERENCE = `
import json, os, sys
from PIL import Image
root = json.load(sys.stdin)
out = {}
for d, _, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        rel = os.path.relpath(p, root).replace(os.sep, '/')
        try:
            im = Image.open(p); im.load()
            out[rel] = {'w': im.width, 'h': im.height, 'mode': im.mode, 'entropy': im.entropy(), 'bytes': os.path.getsize(p)}
        except Exception:
            out[rel] = None
print(json.dumps(out))
`;
type Reference = Record<
  string,
  { w: number; h: number; mode: string; entropy: number; bytes: number } | null
>;

describe(
  'Browse: every image of a dataset and one image’s figures',
  { skip: pythonMissing(NUMPY_PIL) ?? false },
  () => {
    let reference: Reference;
    before(async () => {
      const rng = createRng(7);
      const sizes = [
        [12, 9],
        [30, 20],
        [16, 16],
      ];
      for (const split of ['train', 'val'])
        for (const [c, name] of ['cat', 'dog'].entries())
          for (let i = 0; i < 3; i++) {
            const [w, h] = sizes[(i + c) % 3];
            await writePng(path.join(root, split, name, `${i}.png`), randomImage(rng, w, h, i === 2 ? 1 : 3));
          }
      writeFileSync(path.join(root, 'train', 'dog', 'broken.png'), 'not a png');
      await analyzeDataset(root, { cacheDir });
      reference = runPython<Reference>(REFERENCE, root);
    });

    it('lists every file with its class, split and cached size, as the folder holds them', async () => {
      const index = await browseIndex(root, { cacheDir });
      assert.equal(index.found, Object.keys(reference).length);
      assert.deepEqual([...index.files].sort(), Object.keys(reference).sort());
      index.files.forEach((file, i) => {
        const [split, className] = file.split('/');
        assert.equal(index.splits[index.splitOf[i]], split, file);
        assert.equal(index.classes[index.classOf[i]], className, file);
        const ref = reference[file];
        assert.deepEqual([index.width[i], index.height[i]], ref ? [ref.w, ref.h] : [0, 0], file);
      });
    });

    it('says a size is unknown when the file changed since the analysis, or without a cache', async () => {
      const file = 'val/cat/0.png';
      utimesSync(path.join(root, file), new Date(), new Date(Date.now() + 5000));
      const index = await browseIndex(root, { cacheDir });
      const at = index.files.indexOf(file);
      assert.deepEqual([index.width[at], index.height[at]], [0, 0]);
      const uncached = await browseIndex(root);
      assert.ok(uncached.width.every((w) => w === 0));
    });

    it('measures one image as PIL and the file system see it', async () => {
      for (const [file, ref] of Object.entries(reference)) {
        const details = await imageDetails({ file, open: path.join(root, file), size: -1 });
        if (!ref) {
          assert.equal(details.ok, false, file);
          continue;
        }
        assert.ok(details.ok, file);
        assert.deepEqual(
          [details.width, details.height, details.mode, details.bytes],
          [ref.w, ref.h, ref.mode, ref.bytes],
          file,
        );
        assert.ok(
          Math.abs(details.entropy - ref.entropy) < 1e-9,
          `${file}: ${details.entropy} vs ${ref.entropy}`,
        );
      }
    });
  },
);
