import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentCollector } from '../../src/core/content/contentCollector';
import { decodeVector, encodeVector, type ContentRecord } from '../../src/core/records/contentRecord';
import { OUTLIER_K } from '../../src/core/content/contentSearch';
import { loadEmbedder } from '../../src/core/content/embedder';
import { contentInput } from '../../src/core/content/modelInput';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { createRng } from '../../src/core/util/rng';
import { pythonMissing, runPython } from './helpers/python';

const SIDE = 64;
const IMAGES = 240;
const CLASSES = ['a', 'b', 'c'];

/** A random picture: a gradient, a few blobs and grain; a few are mostly noise. */
function picture(seed: number): DecodedImage {
  const rng = createRng(seed);
  const data = new Uint8Array(SIDE * SIDE * 3);
  const blobs = Array.from({ length: 4 }, () => ({
    x: rng.int(0, SIDE),
    y: rng.int(0, SIDE),
    r: rng.int(4, 20),
    c: [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)],
  }));
  const noisy = seed % 37 === 0;
  const base = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      for (let c = 0; c < 3; c++) {
        let v = (base[c] * x) / SIDE;
        for (const b of blobs) if ((x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2) v = b.c[c];
        v += noisy ? rng.int(-120, 120) : rng.int(-8, 8);
        data[(y * SIDE + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
  return { data, width: SIDE, height: SIDE, stride: 3, colourChannels: 3 } as DecodedImage;
}

interface Expected {
  overall: { file: string; score: number }[];
  byClass: Record<string, { file: string; score: number }[]>;
  scores: number[];
}

/** Exact k-NN by scikit-learn (brute force, cosine) on the same decoded vectors, centred on their mean. */
const SKLEARN_OUTLIERS = `
import json, sys
import numpy as np
from sklearn.neighbors import NearestNeighbors
data = json.load(sys.stdin)
X = np.array(data["vectors"], dtype=np.float64)
labels = np.array(data["labels"])
k = data["k"]
X = X - X.mean(axis=0)
def scores(rows):
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(X[rows])
    dist, _ = nn.kneighbors(X[rows])
    return dist[:, 1:].mean(axis=1)
def top(rows, s):
    order = sorted(range(len(rows)), key=lambda r: (-s[r], data["files"][rows[r]]))[:5]
    return [{"file": data["files"][rows[r]], "score": float(s[r])} for r in order]
everything = np.arange(len(X))
overall = scores(everything)
by_class = {}
for c in sorted(set(labels)):
    rows = np.flatnonzero(labels == c)
    by_class[c] = top(rows, scores(rows))
print(json.dumps({"overall": top(everything, overall), "byClass": by_class, "scores": overall.tolist()}))
`;

test('outlier scores and the most atypical images per class agree with scikit-learn exact k-NN', async (t) => {
  const missing = pythonMissing({ numpy: 'python3-numpy', sklearn: 'python3-sklearn' });
  if (missing) return t.skip(missing);
  const embedder = await loadEmbedder();
  const inputs = Array.from({ length: IMAGES }, (_, i) => contentInput(picture(i + 1)));
  const vectors = embedder.embed(inputs.map((input) => input.pixels));
  const records: ContentRecord[] = vectors.map((v, i) => ({
    model: embedder.modelId,
    ...encodeVector(v),
    thumb: inputs[i].thumb,
  }));
  const files = records.map((_, i) => `img${String(i).padStart(3, '0')}.png`);
  const labels = records.map((_, i) => CLASSES[i % CLASSES.length]);
  const collector = new ContentCollector(embedder.modelId);
  records.forEach((record, i) => collector.add(i, labels[i], undefined, SIDE, record));
  const found = collector.finish(
    (i) => files[i],
    () => true,
  ).report.outliers!;

  const expected = runPython<Expected>(SKLEARN_OUTLIERS, {
    vectors: records.map((r) => Array.from(decodeVector(r))),
    labels,
    files,
    k: OUTLIER_K,
  });
  const close = (a: number, b: number) => Math.abs(a - b) < 2e-3;
  assert.equal(found.k, OUTLIER_K);
  assert.deepEqual(
    found.overall.map((e) => e.file),
    expected.overall.map((e) => e.file),
  );
  for (const [k, e] of found.overall.entries()) {
    assert.ok(
      close(e.score, expected.overall[k].score),
      `${e.file}: ${e.score} vs ${expected.overall[k].score}`,
    );
  }
  for (const c of found.byClass) {
    const want = expected.byClass[c.class];
    assert.deepEqual(
      c.images.map((e) => e.file),
      want.map((e) => e.file),
      `class ${c.class}`,
    );
    for (const [k, e] of c.images.entries())
      assert.ok(
        close(e.scoreInClass!, want[k].score),
        `${e.file} in class: ${e.scoreInClass} vs ${want[k].score}`,
      );
  }
});
