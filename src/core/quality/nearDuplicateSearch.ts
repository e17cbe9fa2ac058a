import { nearGroups } from './nearGroups';
import { thumbnailDistance, thumbnailStats, type ThumbnailStats } from './nearThumbnail';
import type { QualityThresholds } from './qualityOptions';

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
  phashHi(i: number): number;
  phashLo(i: number): number;
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
  const candidates =
    t.nearDuplicateDistance > 0
      ? images.sortedOrder()
      : Uint32Array.from({ length: images.count }, (_, i) => i);
  const reps = candidates.filter((i) => !inLaterCopy[i]);
  // Only images with a candidate pair have their thumbnail read (perhaps from the file) and measured.
  const thumbs = new Map<number, { pixels: Uint8Array; stats: ThumbnailStats }>();
  const thumbOf = (i: number) => {
    let t = thumbs.get(i);
    if (!t) {
      const pixels = images.thumbnail(i);
      thumbs.set(i, (t = { pixels, stats: thumbnailStats(pixels) }));
    }
    return t;
  };
  const pixelDistance = (a: number, b: number) => {
    const [i, j] = [thumbOf(reps[a]), thumbOf(reps[b])];
    return thumbnailDistance(i.pixels, i.stats, j.pixels, j.stats);
  };
  const search = nearGroups(
    { hi: reps.map((i) => images.phashHi(i)), lo: reps.map((i) => images.phashLo(i)) },
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

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
