import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readCachedRecords } from '../../src/core/cache/recordCache';
import { decodeVector } from '../../src/core/records/contentRecord';
import { similarImages } from '../../src/core/content/similarImages';
import { DEFAULT_MAX_PIXELS } from '../../src/core/decode/decodedImage';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { ENGINE_VERSION } from '../../src/core/engine/version';
import { UsageError } from '../../src/core/util/errors';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';
import { NUMPY_PIL, pythonMissing, runPython } from './helpers/python';

const tmp = tempDir();
const root = path.join(tmp.dir, 'glyphs');
const cacheDir = path.join(tmp.dir, 'cache');
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

before(async () => {
  await writeGlyphDataset(root, DIGIT_GLYPHS, 8, 2);
});
after(() => tmp.cleanup());

test('similar: before any --content analysis, a one-line message naming the command to run', () => {
  assert.throws(() => similarImages(root, '1/000.png', { cacheDir }), UsageError);
  const result = spawnSync(process.execPath, [cli, 'similar', root, '1/000.png', '--cache-dir', cacheDir], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr.trim(), /^.*1\/000\.png: no current content vector .*analyze .* --content/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});

test("similar: the k most similar by centred cosine of the cached vectors, as numpy's exact search ranks them", async (t) => {
  await analyzeDataset(root, { workers: 0, content: true, cacheDir });
  const found = similarImages(root, '6/003.png', { cacheDir, k: 5 });
  assert.equal(found.compared, 40);
  assert.equal(found.similar.length, 5);
  assert.ok(!found.similar.some((s) => s.file === '6/003.png'));
  // Glyphs of the same digit are the nearest.
  assert.ok(
    found.similar.slice(0, 3).every((s) => s.file.startsWith('6/')),
    JSON.stringify(found.similar),
  );
  const missing = pythonMissing(NUMPY_PIL);
  if (missing) return t.skip(missing);
  const key = { root: path.resolve(root), engineVersion: ENGINE_VERSION, maxPixels: DEFAULT_MAX_PIXELS };
  const records = [...readCachedRecords(cacheDir, key)].filter((r) => r.result.ok && r.result.content);
  const reference = runPython<{ file: string; similarity: number }[]>(
    String.raw`
import json, sys
import numpy as np
d = json.load(sys.stdin)
X = np.array(d['vectors'], float); X -= X.mean(0); X /= np.linalg.norm(X, axis=1, keepdims=True)
q = d['files'].index(d['query'])
s = X @ X[q]; order = [i for i in np.argsort(-s, kind='stable') if i != q][:5]
print(json.dumps([{'file': d['files'][i], 'similarity': round(float(s[i]), 4)} for i in order]))`,
    {
      files: records.map((r) => r.file),
      vectors: records.map((r) => [
        ...decodeVector(r.result.ok ? r.result.content! : { vector: new Uint8Array(), scale: 1 }),
      ]),
      query: '6/003.png',
    },
  );
  assert.deepEqual(
    found.similar.map((s) => s.file),
    reference.map((s) => s.file),
  );
  found.similar.forEach((s, i) => assert.ok(Math.abs(s.similarity - reference[i].similarity) <= 2e-4));
});

test('similar: an image changed since the analysis is left out, and cannot be the query', () => {
  const changed = path.join(root, '6', '001.png');
  utimesSync(changed, new Date(), new Date(Date.now() + 5000));
  const found = similarImages(root, '6/003.png', { cacheDir, k: 50 });
  assert.equal(found.compared, 39);
  assert.ok(!found.similar.some((s) => s.file === '6/001.png'));
  assert.throws(() => similarImages(root, '6/001.png', { cacheDir }), UsageError);
});
