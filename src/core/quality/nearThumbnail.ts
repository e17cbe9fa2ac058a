import { FLAT_STD } from './blurScore';
import { PHASH_SIDE } from './perceptualHash';

/** Side of the grey thumbnail that confirms a near-duplicate pair on the pixels. */
export const NEAR_THUMBNAIL_SIDE = 16;
const CELLS = NEAR_THUMBNAIL_SIDE * NEAR_THUMBNAIL_SIDE;

/**
 * The 16x16 grey thumbnail kept per image: 2x2 means of the 32x32 image the perceptual hash is computed from (so
 * it costs four additions a cell), 256 bytes row after row. Worker pipes and cache frames carry a batch's
 * thumbnails in one array (records/thumbnailPool.ts), not one typed array per record.
 */
export function nearThumbnail(grey32: Uint8Array): Uint8Array {
  const cells = new Uint8Array(CELLS);
  for (let y = 0; y < NEAR_THUMBNAIL_SIDE; y++) {
    for (let x = 0; x < NEAR_THUMBNAIL_SIDE; x++) {
      const k = 2 * y * PHASH_SIDE + 2 * x;
      const sum = grey32[k] + grey32[k + 1] + grey32[k + PHASH_SIDE] + grey32[k + PHASH_SIDE + 1];
      cells[y * NEAR_THUMBNAIL_SIDE + x] = (sum + 2) >> 2;
    }
  }
  return cells;
}

/** Mean and standard deviation (grey levels) of a thumbnail: computed once per image that has a candidate pair. */
export interface ThumbnailStats {
  mean: number;
  std: number;
}

export function thumbnailStats(t: Uint8Array): ThumbnailStats {
  let sum = 0;
  for (let k = 0; k < t.length; k++) sum += t[k];
  const mean = sum / t.length;
  let squares = 0;
  // d * d, not d ** 2: the same doubles for every value t[k] - mean can take (checked exhaustively), without a
  // call to pow per cell.
  for (let k = 0; k < t.length; k++) {
    const d = t[k] - mean;
    squares += d * d;
  }
  return { mean, std: Math.sqrt(squares / t.length) };
}

/**
 * How different two thumbnails look once brightness and contrast are set aside: the root mean square of the
 * difference of the two thumbnails, each scaled to mean 0 and std 1 (0 = same picture, sqrt(2) = unrelated,
 * 2 = inverted). A flat thumbnail (std below FLAT_STD) has no pattern to compare: two flat ones of about the same
 * grey (within FLAT_STD) are 0 apart, a flat one and anything else are Infinity apart.
 */
export function thumbnailDistance(
  a: Uint8Array,
  sa: ThumbnailStats,
  b: Uint8Array,
  sb: ThumbnailStats,
): number {
  const flatA = sa.std < FLAT_STD;
  const flatB = sb.std < FLAT_STD;
  if (flatA || flatB) return flatA && flatB && Math.abs(sa.mean - sb.mean) <= FLAT_STD ? 0 : Infinity;
  let squares = 0;
  for (let k = 0; k < a.length; k++) {
    const d = (a[k] - sa.mean) / sa.std - (b[k] - sb.mean) / sb.std;
    squares += d * d;
  }
  return Math.sqrt(squares / a.length);
}
