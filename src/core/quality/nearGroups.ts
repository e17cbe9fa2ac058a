import { bitsOf, exactGroups, hamming, type Hashes64 } from './duplicates';

/** Bucket sizes past which comparisons are limited to a window, so a degenerate bucket cannot go quadratic. */
const MAX_RUN = 4096;
const RUN_WINDOW = 512;

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
    if (group.length > MAX_RUN) {
      capped = true;
      group.sort(order);
    }
    forPairsIn(group, (a, b) => visit(a, b, 0));
  }
  if (maxDistance === 0) return capped;

  const distinct = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => !repeated[i]);
  const bands = maxDistance + 1;
  const edges = Array.from({ length: bands + 1 }, (_, band) => Math.floor((band * 64) / bands));
  const bandValue = new Float64Array(n);
  for (let band = 0; band < bands; band++) {
    for (const i of distinct) bandValue[i] = bitsOf(hashes, i, edges[band], edges[band + 1]);
    // Within a band value, order by the whole hash: a capped window then still meets the closest hashes.
    const order = distinct
      .slice()
      .sort(
        (a, b) =>
          bandValue[a] - bandValue[b] || hashes.hi[a] - hashes.hi[b] || hashes.lo[a] - hashes.lo[b] || a - b,
      );
    let runStart = 0;
    for (let k = 1; k <= order.length; k++) {
      if (k < order.length && bandValue[order[k]] === bandValue[order[runStart]]) continue;
      if (k - runStart > MAX_RUN) capped = true;
      forPairsIn(order.subarray(runStart, k), (a, b) => {
        const d = hamming(hashes, a, b);
        if (d > maxDistance || agreeEarlier(hashes, a, b, edges, band)) return;
        const ca = copies.get(a) ?? [a];
        const cb = copies.get(b) ?? [b];
        if (ca.length * cb.length > RUN_WINDOW * RUN_WINDOW) capped = true;
        for (const x of ca.slice(0, RUN_WINDOW)) for (const y of cb.slice(0, RUN_WINDOW)) visit(x, y, d);
      });
      runStart = k;
    }
  }
  return capped;
}

/** Every pair of a bucket; past MAX_RUN, each member with the RUN_WINDOW members after it. */
function forPairsIn(members: ArrayLike<number>, visit: (a: number, b: number) => void): void {
  const m = members.length;
  for (let a = 0; a < m; a++) {
    const last = m > MAX_RUN ? Math.min(m, a + 1 + RUN_WINDOW) : m;
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

interface Edge {
  i: number;
  j: number;
  bits: number;
  pixels: number;
}

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
  const edges: Edge[] = [];
  let unconfirmed = 0;
  const capped = hashPairs(
    hashes,
    maxBits,
    (a, b, bits) => {
      const [i, j] = a < b ? [a, b] : [b, a];
      const pixels = pixelDistance(i, j);
      if (pixels <= maxPixels) edges.push({ i, j, bits, pixels });
      else unconfirmed++;
    },
    order,
  );
  const pairKey = (i: number, j: number) => (i < j ? i * n + j : j * n + i);
  const byPair = new Map<number, Edge>();
  for (const e of edges) byPair.set(pairKey(e.i, e.j), e);
  edges.sort((a, b) => a.bits - b.bits || a.pixels - b.pixels || order(a.i, b.i) || order(a.j, b.j));

  // Cluster ids: an image starts alone (its own index); each merge makes a new id, so a failed check between two
  // clusters is remembered until one of them changes.
  const clusterOf = Int32Array.from({ length: n }, (_, i) => i);
  const members = new Map<number, { list: number[]; maxBits: number; maxPixels: number }>();
  const failed = new Set<number>();
  let nextId = n;
  const clusterKey = (a: number, b: number) => (a < b ? a * 2 * n + b : b * 2 * n + a);
  for (const edge of edges) {
    const ca = clusterOf[edge.i];
    const cb = clusterOf[edge.j];
    if (ca === cb || failed.has(clusterKey(ca, cb))) continue;
    const A = members.get(ca) ?? { list: [edge.i], maxBits: 0, maxPixels: 0 };
    const B = members.get(cb) ?? { list: [edge.j], maxBits: 0, maxPixels: 0 };
    let maxB = Math.max(A.maxBits, B.maxBits);
    let maxP = Math.max(A.maxPixels, B.maxPixels);
    let complete = true;
    for (const a of A.list) {
      for (const b of B.list) {
        const e = byPair.get(pairKey(a, b));
        if (!e) {
          complete = false;
          break;
        }
        maxB = Math.max(maxB, e.bits);
        maxP = Math.max(maxP, e.pixels);
      }
      if (!complete) break;
    }
    if (!complete) {
      failed.add(clusterKey(ca, cb));
      continue;
    }
    const id = nextId++;
    const joined = { list: A.list.concat(B.list), maxBits: maxB, maxPixels: maxP };
    for (const m of joined.list) clusterOf[m] = id;
    members.delete(ca);
    members.delete(cb);
    members.set(id, joined);
  }
  const groups = [...members.values()]
    .map((c) => ({ members: c.list.sort((a, b) => a - b), maxBits: c.maxBits, maxPixels: c.maxPixels }))
    .sort((a, b) => a.members[0] - b.members[0]);
  return { groups, unconfirmed, capped };
}
