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
 * Groups of indices whose keys (every array compared in turn) are all equal. Only groups of 2 or more are
 * returned, each in ascending index order, groups by first index. One pass over an open-addressing table of the
 * keys' hash, typed arrays only: no Map of a million strings, and no comparator sort, which was most of the
 * duplicate search at the end of a run when many hashes shared their first half (look-alike small images).
 */
export function exactGroups(keys: ArrayLike<number>[], count: number): number[][] {
  let size = 16;
  while (size < count * 2) size *= 2;
  const mask = size - 1;
  // Slot -> first index with those keys (-1: empty); then reused as first index -> its group.
  const slots = new Int32Array(size).fill(-1);
  const first = new Int32Array(count);
  const repeated = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    let h = hashOf(keys, i) & mask;
    for (;;) {
      const at = slots[h];
      if (at === -1) {
        slots[h] = first[i] = i;
        break;
      }
      if (sameKeys(keys, at, i)) {
        first[i] = at;
        repeated[at] = 1;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  const groups: number[][] = [];
  for (let i = 0; i < count; i++) {
    const f = first[i];
    if (!repeated[f]) continue;
    if (f === i) slots[i] = groups.push([i]) - 1;
    else groups[slots[f]].push(i);
  }
  return groups;
}

function hashOf(keys: ArrayLike<number>[], i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < keys.length; k++) h = Math.imul(h ^ keys[k][i], 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function sameKeys(keys: ArrayLike<number>[], a: number, b: number): boolean {
  for (let k = 0; k < keys.length; k++) if (keys[k][a] !== keys[k][b]) return false;
  return true;
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
