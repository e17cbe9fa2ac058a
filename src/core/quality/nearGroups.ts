import { Growable } from '../util/growable';
import { completeLinkage, forEachPairIn, PairIndex } from './completeLinkage';
import { bitsOf, exactGroups, hamming, type Hashes64 } from './duplicates';
import { allIndices, indicesWhere } from '../util/indices';

/**
 * Bucket sizes past which comparisons are limited to a window of neighbours, so a degenerate bucket cannot go
 * quadratic. A band run holds distinct hashes, of which only the close ones go on to a pixel comparison; a bucket
 * of identical hashes (look-alike blanks) sends every pair to one, so it is windowed much sooner.
 */
const BAND_MAX_RUN = 4096;
const BAND_WINDOW = 512;
const SAME_HASH_MAX_RUN = 512;
const SAME_HASH_WINDOW = 32;

/**
 * Calls `visit(i, j, bits)` once for each pair of hashes at most `maxDistance` bits apart (i < j not implied).
 * Pigeonhole: two hashes within d bits agree exactly on at least one of d+1 disjoint bands, so only hashes sharing
 * a band value are compared (sorted runs per band), instead of all n² pairs; a pair agreeing on several bands is
 * visited in the first. Identical hashes are compared once, through one representative each (the first in
 * index order: callers give indices in the order their bands should be searched). Returns true when
 * some bucket was too large to compare exhaustively (a few pairs may then be missed).
 */
export function hashPairs(
  hashes: Hashes64,
  maxDistance: number,
  visit: (i: number, j: number, bits: number) => void,
  order: (i: number, j: number) => number,
): boolean {
  const n = hashes.hi.length;
  let capped = false;
  const copies = new Map<number, number[]>();
  const repeated = new Uint8Array(n);
  for (const group of exactGroups([hashes.hi, hashes.lo], n)) {
    copies.set(group[0], group);
    for (const i of group.slice(1)) repeated[i] = 1;
    // A capped bucket compares neighbours: in `order`, so which pairs are compared does not depend on arrival.
    if (group.length > SAME_HASH_MAX_RUN) {
      capped = true;
      group.sort(order);
    }
    forPairsIn(group, SAME_HASH_MAX_RUN, SAME_HASH_WINDOW, (a, b) => visit(a, b, 0));
  }
  if (maxDistance === 0) return capped;

  const distinct = indicesWhere(n, (i) => !repeated[i]);
  const bands = maxDistance + 1;
  const bandEdges = Array.from({ length: bands + 1 }, (_, band) => Math.floor((band * 64) / bands));
  const bandValue = new Float64Array(n);
  for (let band = 0; band < bands; band++) {
    for (const i of distinct) bandValue[i] = bitsOf(hashes, i, bandEdges[band], bandEdges[band + 1]);
    // Within a band value, order by the whole hash: a capped window then still meets the closest hashes.
    const sorted = distinct
      .slice()
      .sort(
        (a, b) =>
          bandValue[a] - bandValue[b] || hashes.hi[a] - hashes.hi[b] || hashes.lo[a] - hashes.lo[b] || a - b,
      );
    let runStart = 0;
    for (let k = 1; k <= sorted.length; k++) {
      if (k < sorted.length && bandValue[sorted[k]] === bandValue[sorted[runStart]]) continue;
      if (k - runStart > BAND_MAX_RUN) capped = true;
      forPairsIn(sorted.subarray(runStart, k), BAND_MAX_RUN, BAND_WINDOW, (a, b) => {
        const d = hamming(hashes, a, b);
        if (d > maxDistance || agreeEarlier(hashes, a, b, bandEdges, band)) return;
        const ca = copies.get(a) ?? [a];
        const cb = copies.get(b) ?? [b];
        if (ca.length > SAME_HASH_WINDOW || cb.length > SAME_HASH_WINDOW) capped = true;
        for (const x of ca.slice(0, SAME_HASH_WINDOW))
          for (const y of cb.slice(0, SAME_HASH_WINDOW)) visit(x, y, d);
      });
      runStart = k;
    }
  }
  return capped;
}

/** Every pair of a bucket; past maxRun members, each member with the `window` members after it. */
function forPairsIn(
  members: ArrayLike<number>,
  maxRun: number,
  window: number,
  visit: (a: number, b: number) => void,
): void {
  const m = members.length;
  for (let a = 0; a < m; a++) {
    const last = m > maxRun ? Math.min(m, a + 1 + window) : m;
    for (let b = a + 1; b < last; b++) visit(members[a], members[b]);
  }
}

/** True when hashes i and j are equal on a band before `band` (the pair was visited there). */
function agreeEarlier(h: Hashes64, i: number, j: number, edges: number[], band: number): boolean {
  for (let earlier = 0; earlier < band; earlier++) {
    if (bitsOf(h, i, edges[earlier], edges[earlier + 1]) === bitsOf(h, j, edges[earlier], edges[earlier + 1]))
      return true;
  }
  return false;
}

export interface NearGroup {
  /** Indices, ascending. */
  members: number[];
  /** Largest hash distance (bits) between any two members. */
  maxBits: number;
  /** Largest pixel (thumbnail) distance between any two members. */
  maxPixels: number;
}

export interface NearGroups {
  groups: NearGroup[];
  /** Pairs within the hash distance that the pixels did not confirm. */
  unconfirmed: number;
  /** True when some bucket was too large to compare exhaustively (a few pairs may be missed). */
  capped: boolean;
}

/** Confirmed pairs kept at most: past this a degenerate dataset stops adding them (and says so). */
const MAX_EDGES = 1 << 21;

/**
 * Near-duplicate groups in which EVERY pair is within `maxBits` of hash distance and confirmed on the pixels
 * (`pixelDistance(i, j)` at most `maxPixels`): pairs are taken closest first, and two groups join only if all
 * pairs across them qualify (complete linkage), so groups never chain A~B~C into one when A and C differ. `order`
 * breaks ties between equally close pairs, so the groups do not depend on the order images arrived in.
 */
export function nearGroups(
  hashes: Hashes64,
  maxBits: number,
  pixelDistance: (i: number, j: number) => number,
  maxPixels: number,
  order: (i: number, j: number) => number,
): NearGroups {
  const n = hashes.hi.length;
  // Confirmed pairs in flat typed arrays: a large bucket of look-alike blanks can confirm millions of pairs.
  const first = new Growable(Uint32Array);
  const second = new Growable(Uint32Array);
  const bitsOfEdge = new Growable(Uint8Array);
  const pixelsOfEdge = new Growable(Float64Array);
  let unconfirmed = 0;
  let full = false;
  const capped = hashPairs(
    hashes,
    maxBits,
    (a, b, bits) => {
      if (first.length >= MAX_EDGES) return void (full = true);
      const pixels = pixelDistance(a, b);
      if (pixels > maxPixels) return void unconfirmed++;
      first.push(Math.min(a, b));
      second.push(Math.max(a, b));
      bitsOfEdge.push(bits);
      pixelsOfEdge.push(pixels);
    },
    order,
  );
  const edges = new PairIndex(first.toArray(), second.toArray());
  const bits = bitsOfEdge.toArray();
  const pixels = pixelsOfEdge.toArray();
  const groups = completeLinkage(n, edges, closestFirst(n, edges, bits, pixels, order)).map((members) => {
    let maxBits = 0;
    let maxPixels = 0;
    forEachPairIn(members, edges, (e) => {
      maxBits = Math.max(maxBits, bits[e]);
      maxPixels = Math.max(maxPixels, pixels[e]);
    });
    return { members, maxBits, maxPixels };
  });
  return { groups, unconfirmed, capped: capped || full };
}

/**
 * The pairs closest first: hash bits, then pixels, then each image's rank in `order` (ranked once: the order
 * can be costly, file names), so groups do not depend on the order images arrived in.
 */
function closestFirst(
  n: number,
  edges: PairIndex,
  bits: Uint8Array,
  pixels: Float64Array,
  order: (i: number, j: number) => number,
): Uint32Array {
  const { i, j } = edges;
  const rank = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (let e = 0; e < edges.count; e++) seen[i[e]] = seen[j[e]] = 1;
  const involved = indicesWhere(n, (k) => seen[k] === 1).sort(order);
  involved.forEach((image, r) => (rank[image] = r));
  return allIndices(edges.count).sort(
    (a, b) =>
      bits[a] - bits[b] || pixels[a] - pixels[b] || rank[i[a]] - rank[i[b]] || rank[j[a]] - rank[j[b]],
  );
}
