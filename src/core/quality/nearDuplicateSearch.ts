import { nearGroups } from './nearGroups';
import { thumbnailDistance, thumbnailStats, type ThumbnailStats } from './nearThumbnail';
import type { QualityThresholds } from './qualityOptions';
import { indicesWhere } from '../util/indices';

/** Near-duplicate groups from another method (content), replacing the perceptual-hash search. */
export type NearDuplicateSource = (searchable: (image: number) => boolean) => {
  members: number[];
  similarity: number;
  agreement: number;
}[];

/** A near-duplicate group of either method, members by image index (the collector's arrival order). */
export interface FoundNearGroup {
  members: number[];
  distance: number;
  thumbnailDistance: number;
  method: 'perceptual-hash' | 'content';
  similarity: number;
  agreement: number;
}

/** What the perceptual-hash search reads of the collector's per-image columns. */
export interface HashedImages {
  count: number;
  /** Image indices in file-name order. */
  sortedOrder(): Uint32Array;
  /** The perceptual hashes' high and low halves, one per image (whole columns: read once, not per image). */
  phashHi(): Uint32Array;
  phashLo(): Uint32Array;
  /** The image's 16x16 grey thumbnail (perhaps read back from a file: asked for only when needed). */
  thumbnail(i: number): Uint8Array;
}

/**
 * Near-duplicate groups among distinct pictures only (one representative per exact group, so no pair is reported
 * twice): hashes within nearDuplicateDistance bits AND thumbnails within nearDuplicateThumbnailDistance, every
 * pair of a group. Beyond distance 0 the band search caps huge buckets, so its input must be in name order; at 0
 * it compares identical hashes only, and sorts a capped bucket itself. `capped`: some buckets were capped.
 */
export function hashNearGroups(
  images: HashedImages,
  t: QualityThresholds,
  inLaterCopy: Uint8Array,
  byName: (i: number, j: number) => number,
): { groups: FoundNearGroup[]; capped: boolean } {
  const reps =
    t.nearDuplicateDistance > 0
      ? images.sortedOrder().filter((i) => !inLaterCopy[i])
      : indicesWhere(images.count, (i) => !inLaterCopy[i]);
  // Only images with a candidate pair have their thumbnail read (perhaps from the file) and measured, once.
  const pixels = new Array<Uint8Array>(reps.length);
  const stats = new Array<ThumbnailStats>(reps.length);
  const measure = (r: number) => {
    if (stats[r] !== undefined) return;
    pixels[r] = images.thumbnail(reps[r]);
    stats[r] = thumbnailStats(pixels[r]);
  };
  const pixelDistance = (a: number, b: number) => {
    measure(a);
    measure(b);
    return thumbnailDistance(pixels[a], stats[a], pixels[b], stats[b]);
  };
  const search = nearGroups(
    { hi: gather(images.phashHi(), reps), lo: gather(images.phashLo(), reps) },
    t.nearDuplicateDistance,
    pixelDistance,
    t.nearDuplicateThumbnailDistance,
    (a, b) => byName(reps[a], reps[b]),
  );
  const groups = search.groups.map((g) => ({
    members: g.members.map((r) => reps[r]),
    distance: g.maxBits,
    thumbnailDistance: g.maxPixels,
    method: 'perceptual-hash' as const,
    similarity: NaN,
    agreement: NaN,
  }));
  return { groups, capped: search.capped };
}

/** The groups another method (content) found, among distinct pictures only, as the collector reports them. */
export function contentNearGroups(source: NearDuplicateSource, inLaterCopy: Uint8Array): FoundNearGroup[] {
  return source((i) => !inLaterCopy[i]).map((g) => ({
    members: g.members,
    distance: round4(1 - g.similarity),
    thumbnailDistance: NaN,
    method: 'content' as const,
    similarity: round4(g.similarity),
    agreement: round4(g.agreement),
  }));
}

/** column[indices[k]] for each k. */
function gather(column: Uint32Array, indices: Uint32Array): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = column[indices[k]];
  return out;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
