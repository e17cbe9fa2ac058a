/**
 * Bench stand-in for src/core/content/embedder.ts (swapped in by standInBuild.ts): the same interface, with
 * vectors made from the model input's pixels in microseconds instead of a CNN's 23.6 ms, so a run of a million
 * images fits in a session while everything around the embedding (decode, model input, records, cache, the main
 * process's collector and search) is the product's. A vector has the real model's CONTENT_MODEL.dims values: the
 * image's grey levels box-averaged to 28x28 (averaged with the grid mirrored, as the real model's flip
 * test-time augmentation makes it mirror-blind), then 32 band means, scaled to the 0..6 of ReLU6 activations,
 * plus a little noise seeded by the pixels (deterministic), so near duplicates and classes look like pixels do.
 */
import type { TfBackendName } from '../../../../src/core/augment/backend/tfBackend';
import { CONTENT_MODEL } from '../../../../src/core/content/contentModel';
import type { Embedder } from '../../../../src/core/content/embedder';
import { createRng } from '../../../../src/core/util/rng';
import { STAND_IN_MODEL_ID } from './contentModel';

export type { Embedder };

export const EMBED_BATCH = 1;

const GRID = 28;
const BANDS = CONTENT_MODEL.dims - GRID * GRID;
const NOISE = 0.02;

let embedder: Promise<Embedder> | undefined;

export function loadEmbedder(): Promise<Embedder> {
  const backend: TfBackendName = 'cpu';
  embedder ??= Promise.resolve({
    modelId: STAND_IN_MODEL_ID,
    backend,
    embed: (inputs) => inputs.map((input) => standInVector(input, CONTENT_MODEL.flip)),
    embedUnmirrored: (inputs) => inputs.map((input) => standInVector(input, false)),
  });
  return embedder;
}

/** The vector of one model input (inputSize x inputSize RGB, values 0..1). */
export function standInVector(input: Float32Array, mirrorBlind: boolean): Float32Array {
  const size = CONTENT_MODEL.inputSize;
  if (input.length !== size * size * 3)
    throw new Error(`embed: an input has ${input.length} values, expected ${size * size * 3}`);
  const cells = new Float64Array(GRID * GRID);
  const bands = new Float64Array(BANDS);
  for (let y = 0; y < size; y++) {
    const row = Math.floor((y * GRID) / size) * GRID;
    const band = Math.floor((y * BANDS) / size);
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 3;
      const grey = (input[at] + input[at + 1] + input[at + 2]) / 3;
      cells[row + Math.floor((x * GRID) / size)] += grey;
      bands[band] += grey;
    }
  }
  const perCell = (size / GRID) ** 2;
  const perBand = (size * size) / BANDS;
  const vector = new Float32Array(CONTENT_MODEL.dims);
  let seed = 0;
  for (let c = 0; c < GRID * GRID; c++) {
    const mirror = c - (c % GRID) + (GRID - 1 - (c % GRID));
    const value = mirrorBlind ? (cells[c] + cells[mirror]) / 2 : cells[c];
    vector[c] = (6 * value) / perCell;
    seed = (Math.imul(seed, 31) + Math.round(vector[c] * 1000)) | 0;
  }
  for (let b = 0; b < BANDS; b++) vector[GRID * GRID + b] = (6 * bands[b]) / perBand;
  const rng = createRng(seed >>> 0);
  for (let k = 0; k < vector.length; k++) vector[k] = Math.max(0, vector[k] + NOISE * (rng.next() - 0.5));
  return vector;
}
