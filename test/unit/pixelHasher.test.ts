import assert from 'node:assert/strict';
import { test } from 'node:test';
import xxhash from 'xxhash-wasm';
import { HASH_PIECE_BYTES, pixelHasher } from '../../src/core/engine/analyzeFile';

function bytesOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

test('pixel hashes of large inputs, hashed in pieces, equal xxHash64 of the whole input', async () => {
  const hash = await pixelHasher();
  const reference = await xxhash();
  for (const length of [
    0,
    1,
    HASH_PIECE_BYTES - 1,
    HASH_PIECE_BYTES,
    HASH_PIECE_BYTES + 1,
    2.5 * HASH_PIECE_BYTES,
  ]) {
    const bytes = bytesOf(length);
    assert.equal(hash(bytes), reference.h64Raw(bytes).toString(16).padStart(16, '0'), `${length} bytes`);
  }
});

test('hashing a 12-megapixel image does not leave its size in WebAssembly memory', async () => {
  const hash = await pixelHasher();
  hash(bytesOf(1000)); // the module's own memory, allocated once
  const image = bytesOf(36_000_000);
  const before = process.memoryUsage().external;
  hash(image);
  const grown = process.memoryUsage().external - before;
  // Hashed whole, xxhash-wasm grows its memory by the input's size for good (36 MB here).
  assert.ok(grown < 8_000_000, `external memory grew by ${grown} bytes`);
});
