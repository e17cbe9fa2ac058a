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
 * parseHash64(hex)[half] (0: the high half) without the pair and the two substrings: it runs twice per image in
 * the main process. 16 hex digits are read in place; anything else goes through parseHash64.
 */
export function hash64Half(hex: string, half: 0 | 1): number {
  if (hex.length !== 16) return parseHash64(hex)[half];
  let value = 0;
  for (let k = half * 8; k < half * 8 + 8; k++) {
    const digit = hexDigit(hex.charCodeAt(k));
    if (digit < 0) return parseHash64(hex)[half];
    value = value * 16 + digit;
  }
  return value;
}

/** 0..15 for the char codes of 0-9, a-f and A-F (as parseInt reads them), else -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
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

/** Bits [start, end) of the 64-bit hash (bit 0 = most significant), as a number (at most 53 bits wide). */
export function bitsOf(h: Hashes64, i: number, start: number, end: number): number {
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
