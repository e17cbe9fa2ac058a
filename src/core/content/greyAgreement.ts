import { CONFIRM_THUMB_SIZE } from './modelInput';

const T = CONFIRM_THUMB_SIZE;

/**
 * Normalised correlation of two grey thumbnails as they are (no high-pass), the better of `b` as it is and
 * mirrored left-right: 1 for the same picture at any brightness and contrast. The high-pass agreement of a tiny
 * image enlarged to the thumbnail is mostly the enlargement's own edges, which different images share (two
 * handwritten 1s of scikit-learn's digits, 8x8 enlarged to 32x32, agreed at 0.966 and 16 levels apart); the
 * grey levels themselves tell them apart. 0 when either thumbnail is flat.
 */
export function greyAgreement(a: Uint8Array, b: Uint8Array): number {
  const meanA = mean(a);
  const meanB = mean(b);
  let aa = 0;
  let bb = 0;
  let ab = 0;
  let abMirrored = 0;
  for (let y = 0; y < T; y++) {
    const row = y * T;
    for (let x = 0; x < T; x++) {
      const va = a[row + x] - meanA;
      const vb = b[row + x] - meanB;
      aa += va * va;
      bb += vb * vb;
      ab += va * vb;
      abMirrored += va * (b[row + T - 1 - x] - meanB);
    }
  }
  if (aa === 0 || bb === 0) return 0;
  return Math.max(ab, abMirrored) / Math.sqrt(aa * bb);
}

function mean(thumb: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < T * T; i++) sum += thumb[i];
  return sum / (T * T);
}
