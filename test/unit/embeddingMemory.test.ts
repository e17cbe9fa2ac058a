import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf } from '../../src/core/augment/backend/tfBackend';
import { loadEmbedder } from '../../src/core/content/embedder';
import { contentInput } from '../../src/core/content/modelInput';
import { decodeMemberNow } from '../../src/core/source/memberContent';
import { analyzeBatch, type FileToAnalyze } from '../../src/core/engine/analyzeFile';
import { encodeVector } from '../../src/core/records/contentRecord';
import type { FileResult } from '../../src/core/records/fileResult';
import { createRng } from './helpers/images';

// A file of its own: the wasm heap only grows, so it must be this process's first use of the model.

/** 28x28 grey members (as an idx file gives them): decoded without sharp or files. */
function greyEntries(count: number, seed: number): FileToAnalyze[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => ({
    file: `m${seed}-${i}.png`,
    open: '',
    size: -1,
    content: {
      kind: 'grey' as const,
      format: 'png',
      width: 28,
      height: 28,
      pixels: Uint8Array.from({ length: 28 * 28 }, () => rng.int(0, 255)),
    },
  }));
}

test('an embedding worker: batches of 64 leave the wasm heap small, each vector as the image embedded alone', async () => {
  const { tf } = await loadTf();
  if (tf.getBackend() !== 'wasm') return;
  const batches = [greyEntries(64, 1), greyEntries(64, 2), greyEntries(64, 3)];
  const results: FileResult[][] = [];
  for (const entries of batches) results.push(await analyzeBatch(entries, { content: true }));

  // The heap holds the model's weights (4.6 MB) and the largest forward pass it ran; it never shrinks.
  const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  const heapMb = backend.wasm.HEAPU8.buffer.byteLength / 2 ** 20;
  assert.ok(heapMb <= 32, `wasm heap ${heapMb} MB after ${batches.length} batches of 64`);

  // The figures do not depend on how images are grouped into passes: the same bytes as each image alone.
  const embedder = await loadEmbedder();
  for (const [b, entries] of batches.entries()) {
    for (const k of [0, 1, 37, 63]) {
      const image = decodeMemberNow(entries[k].content!)!;
      const [alone] = embedder.embed([contentInput(image).pixels]);
      const expected = encodeVector(alone);
      const record = results[b][k];
      assert.ok(record.ok && record.content);
      assert.equal(record.content.scale, expected.scale, `batch ${b} image ${k}`);
      assert.deepEqual(record.content.vector, expected.vector, `batch ${b} image ${k}`);
      assert.deepEqual(record.content.thumb, contentInput(image).thumb);
    }
  }
});
