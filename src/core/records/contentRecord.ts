/**
 * What `analyze --content` adds to an image's record: its content vector, compact, and a small grey thumbnail
 * that confirms near-duplicate pairs pixel by pixel. Cached with the record and keyed by the model that made it.
 */
export interface ContentRecord {
  /** contentModelId() of the model that made the vector: a record from another model is recomputed. */
  model: string;
  /**
   * The pooled activations (non-negative), one byte each: value = code * scale. Per-vector scale (its largest
   * value / 255): centred cosines move by at most ~0.007 against float32 (measured on Fashion-MNIST), a quarter
   * of the bytes.
   */
  vector: Uint8Array;
  scale: number;
  /** CONFIRM_THUMB_SIZE² grey levels, row by row. */
  thumb: Uint8Array;
}

/** The vector as bytes and scale (activations below 0 cannot occur after ReLU; clamped all the same). */
export function encodeVector(vector: Float32Array): { vector: Uint8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < vector.length; i++) if (vector[i] > max) max = vector[i];
  const scale = max > 0 ? max / 255 : 1;
  const codes = new Uint8Array(vector.length);
  for (let i = 0; i < vector.length; i++)
    codes[i] = Math.round(Math.min(255, Math.max(0, vector[i] / scale)));
  return { vector: codes, scale };
}

/** The vector again, into `out` (or a new array). */
export function decodeVector(
  record: Pick<ContentRecord, 'vector' | 'scale'>,
  out?: Float32Array,
): Float32Array {
  const result = out ?? new Float32Array(record.vector.length);
  for (let i = 0; i < record.vector.length; i++) result[i] = record.vector[i] * record.scale;
  return result;
}
