import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import { CONFIRM_THUMB_SIZE } from '../../src/core/content/modelInput';
import { ReportBuilder, type PlanSummary } from '../../src/core/engine/reportBuilder';
import { resolveThresholds } from '../../src/core/quality/qualityOptions';
import type { ImageRecord } from '../../src/core/records/fileResult';
import { createRng } from '../../src/core/util/rng';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MODEL = 'test-model';
const CLASSES = ['bag', 'coat', 'dress', 'shirt'];

const rng = createRng(3);
const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(0, 255));
const vectorBytes = bytes(CONTENT_MODEL.dims);
const thumbBytes = bytes(CONFIRM_THUMB_SIZE ** 2);
const thumbnail = bytes(256);

/** Bytes `like` with image i's number in the first four: every record its own arrays, as a worker's batch gives. */
function own(like: Uint8Array, i: number): Uint8Array {
  const out = like.slice();
  new DataView(out.buffer).setUint32(0, i);
  return out;
}

/** A 28x28 grey image's record as a worker sends it with `--content`: every field filled. */
function result(i: number): ImageRecord {
  const counts = new Uint32Array(256);
  counts[i & 255] = 28 * 28;
  const hex = () =>
    rng
      .int(0, 2 ** 31)
      .toString(16)
      .padStart(8, '0');
  return {
    ok: true,
    file: `train/${CLASSES[i % CLASSES.length]}/${String(i).padStart(6, '0')}.png`,
    format: 'png',
    mode: 'L',
    width: 28,
    height: 28,
    hadAlpha: false,
    histogram: { channels: 1, counts, channelsEqual: false },
    brightnessP5: 0.1,
    brightnessP99: 0.9,
    entropy: 5,
    blur: 0.5,
    phash: hex() + hex(),
    pixelHash: hex() + hex(),
    thumbnail: own(thumbnail, i),
    content: { model: MODEL, vector: own(vectorBytes, i), scale: rng.next(), thumb: own(thumbBytes, i) },
  };
}

/** Bytes this process holds on V8's heap and in array buffers, after a full collection. */
function held(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('collecting --content records: what the analysis process keeps grows by a few bytes an image, not by the vectors', () => {
  const plan: PlanSummary = {
    root: '/data',
    layout: 'splits',
    classFolders: new Map([['train', new Set(CLASSES)]]),
    warnings: [],
  } as unknown as PlanSummary;
  const builder = new ReportBuilder(plan, resolveThresholds(), {}, false, MODEL);
  const add = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = result(i);
      builder.addEntry({
        file: r.file,
        open: r.file,
        size: 400,
        mtimeMs: 0,
        label: CLASSES[i % 4],
        split: 'train',
      });
      builder.addResult(r, { label: CLASSES[i % 4], split: 'train', size: 400 });
    }
  };
  try {
    // Past the first chunks of each store, so the window measures the steady growth, not the first allocations.
    add(0, 6_000);
    const before = held();
    add(6_000, 30_000);
    const perThousand = (held() - before) / 24;
    // Kept per image by design: its name (~20 bytes), class, split, size, hashes, findings (~60 bytes) and the
    // content collector's id, class, split, scale and side. Vectors (576 bytes) and thumbnails (2,304 + 256
    // bytes) go to temporary files.
    assert.ok(
      perThousand < 200 * 1024,
      `${Math.round(perThousand / 1024)} KB kept per 1,000 images collected (at most 200 KB)`,
    );
  } finally {
    builder.close();
  }
});
