/** 64-bit hashes as two parallel arrays of 32-bit halves (compact for a million images). */
export interface Hashes64 {
  hi: Uint32Array;
  lo: Uint32Array;
}

/** Parses 16 hex digits into the two 32-bit halves. */
export function parseHash64(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];
}

/**
 * Groups of indices whose keys (every array compared in turn) are all equal, by sorting: no Map of a million
 * strings. Only groups of 2 or more are returned, each in ascending index order, groups by first index.
 * Indices whose first key is unique are dropped first (a native numeric sort of that key), so the comparator sort
 * only sees the few candidates: a million distinct images cost one sorted copy of one key.
 */
export function exactGroups(keys: ArrayLike<number>[], count: number): number[][] {
  const candidates = indicesSharingKey(keys[0], count);
  const same = (a: number, b: number) => {
    for (const key of keys) if (key[a] !== key[b]) return false;
    return true;
  };
  // Two keys (a 64-bit hash as halves) is the hot case: compared without a loop over the keys.
  const [first, second] = keys;
  const order = Uint32Array.from(candidates).sort(
    keys.length === 2
      ? (a, b) => first[a] - first[b] || second[a] - second[b] || a - b
      : (a, b) => {
          for (const key of keys) if (key[a] !== key[b]) return key[a] - key[b];
          return a - b;
        },
  );
  const groups: number[][] = [];
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && same(order[k], order[start])) continue;
    if (k - start > 1) groups.push(Array.from(order.subarray(start, k)));
    start = k;
  }
  return groups.sort((a, b) => a[0] - b[0]);
}

/** Indices (ascending) whose value in `key` occurs more than once. */
export function indicesSharingKey(key: ArrayLike<number>, count: number): number[] {
  // A typed copy sorts natively (no comparator, no boxed work arrays): the one cost that grows with the dataset.
  const sorted = ArrayBuffer.isView(key)
    ? (key as unknown as Uint32Array).slice(0, count).sort()
    : Float64Array.from({ length: count }, (_, i) => key[i]).sort();
  const repeated = new Set<number>();
  for (let k = 1; k < count; k++) if (sorted[k] === sorted[k - 1]) repeated.add(sorted[k]);
  const out: number[] = [];
  if (repeated.size === 0) return out;
  for (let i = 0; i < count; i++) if (repeated.has(key[i])) out.push(i);
  return out;
}

/** Bucket sizes past which comparisons are limited to a window, so a degenerate band cannot go quadratic. */
const MAX_RUN = 4096;
const RUN_WINDOW = 512;

export interface NearGroups {
  groups: { members: number[]; maxDistance: number }[];
  /** True when some bucket was too large to compare exhaustively (a few distant pairs may be missed). */
  capped: boolean;
}

/**
 * Groups of indices whose 64-bit hashes are within `maxDistance` bits (transitively linked). Pigeonhole: two
 * hashes within d bits agree exactly on at least one of d+1 disjoint bands, so only hashes sharing a band value
 * are compared (sorted runs per band), instead of all n² pairs.
 */
export function nearGroups(hashes: Hashes64, maxDistance: number): NearGroups {
  const n = hashes.hi.length;
  let capped = false;
  const parent = Uint32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const worst = new Int8Array(n).fill(-1);
  const link = (i: number, j: number, d: number) => {
    const ri = find(i);
    const rj = find(j);
    const root = Math.min(ri, rj);
    const merged = Math.max(d, worst[ri], worst[rj]);
    parent[ri] = root;
    parent[rj] = root;
    worst[root] = merged;
  };
  // Identical hashes first: then each band search sees one representative per distinct hash.
  const repeated = new Uint8Array(n);
  for (const group of exactGroups([hashes.hi, hashes.lo], n)) {
    for (const i of group.slice(1)) {
      link(group[0], i, 0);
      repeated[i] = 1;
    }
  }
  let distinctCount = 0;
  for (let i = 0; i < n; i++) if (!repeated[i]) distinctCount++;
  const distinct = new Uint32Array(distinctCount);
  for (let i = 0, k = 0; i < n; i++) if (!repeated[i]) distinct[k++] = i;

  // At distance 0 the identical hashes linked above are all there is to find.
  const bands = maxDistance === 0 ? 0 : maxDistance + 1;
  const bandValue = new Float64Array(bands ? n : 0);
  for (let band = 0; band < bands; band++) {
    const start = Math.floor((band * 64) / bands);
    const end = Math.floor(((band + 1) * 64) / bands);
    for (const i of distinct) bandValue[i] = bits(hashes, i, start, end);
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
      for (let a = runStart; a < k; a++) {
        const last = k - runStart > MAX_RUN ? Math.min(k, a + 1 + RUN_WINDOW) : k;
        for (let b = a + 1; b < last; b++) {
          const d = hamming(hashes, order[a], order[b]);
          if (d <= maxDistance) link(order[a], order[b], d);
        }
      }
      runStart = k;
    }
  }
  // Only linked hashes get a group: a million singletons must not become a million arrays.
  const size = new Uint32Array(n);
  for (let i = 0; i < n; i++) size[find(i)]++;
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (size[root] < 2) continue;
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  const found = [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => ({ members, maxDistance: Math.max(0, worst[root]) }))
    .sort((a, b) => a.members[0] - b.members[0]);
  return { groups: found, capped };
}

/** Bits [start, end) of the 64-bit hash (bit 0 = most significant), as a number (at most 53 bits wide). */
function bits(h: Hashes64, i: number, start: number, end: number): number {
  let value = 0;
  for (let b = start; b < end; b++) {
    const word = b < 32 ? h.hi[i] : h.lo[i];
    const bit = (word >>> (31 - (b % 32))) & 1;
    value = value * 2 + bit;
  }
  return value;
}

export function hamming(h: Hashes64, i: number, j: number): number {
  return popcount((h.hi[i] ^ h.hi[j]) >>> 0) + popcount((h.lo[i] ^ h.lo[j]) >>> 0);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
