import { allIndices } from '../util/indices';

/** Pairs of images (i < j not required), found by their two indices through an open-addressing table. */
export class PairIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    readonly i: Uint32Array,
    readonly j: Uint32Array,
  ) {
    let size = 16;
    while (size < i.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    for (let e = 0; e < i.length; e++) {
      let h = slotOf(Math.min(i[e], j[e]), Math.max(i[e], j[e])) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = e;
    }
  }

  get count(): number {
    return this.i.length;
  }

  /** The pair joining a and b (its index), or -1. */
  find(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    for (let h = slotOf(lo, hi) & this.mask; ; h = (h + 1) & this.mask) {
      const e = this.slots[h];
      if (e === -1 || (Math.min(this.i[e], this.j[e]) === lo && Math.max(this.i[e], this.j[e]) === hi))
        return e;
    }
  }
}

function slotOf(lo: number, hi: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0;
}

interface Cluster {
  members: number[];
  /** Bumped when the cluster grows: a failed check against it is stale from then on. */
  version: number;
}

/**
 * Groups of images in which EVERY pair is one of `pairs` (complete linkage over a sparse set of confirmed
 * pairs): pairs are taken in `order` (a permutation of pair indices, closest first), and a pair joins its two
 * groups only if every pair across them is confirmed, so groups never chain A~B~C into one when A and C differ
 * (single linkage, a union-find over the pairs, would). Groups are union-find roots; a failed join is
 * remembered until either side grows. Returns groups of 2 or more, members ascending, by first member.
 */
export function completeLinkage(n: number, pairs: PairIndex, order: ArrayLike<number>): number[][] {
  const { i, j } = pairs;
  const parent = allIndices(n);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const clusters = new Map<number, Cluster>();
  const clusterAt = (r: number) => clusters.get(r) ?? { members: [r], version: 0 };
  // Clusters (by their two roots) that could not join, with both versions then: skipped until either grows.
  const failed = new Map<number, number>();
  for (let o = 0; o < order.length; o++) {
    const e = order[o];
    const ra = root(i[e]);
    const rb = root(j[e]);
    if (ra === rb) continue;
    const A = clusterAt(ra);
    const B = clusterAt(rb);
    const pair = ra < rb ? ra * n + rb : rb * n + ra;
    const versions = ra < rb ? A.version * (n + 1) + B.version : B.version * (n + 1) + A.version;
    if (failed.get(pair) === versions) continue;
    if (!allPaired(A.members, B.members, pairs)) {
      failed.set(pair, versions);
      continue;
    }
    // The larger cluster absorbs the smaller.
    const [big, small, bigRoot, smallRoot] =
      A.members.length >= B.members.length ? [A, B, ra, rb] : [B, A, rb, ra];
    parent[smallRoot] = bigRoot;
    for (const m of small.members) big.members.push(m);
    big.version++;
    clusters.set(bigRoot, big);
    clusters.delete(smallRoot);
  }
  return [...clusters.values()].map((c) => c.members.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
}

function allPaired(a: number[], b: number[], pairs: PairIndex): boolean {
  for (const x of a) for (const y of b) if (pairs.find(x, y) < 0) return false;
  return true;
}

/** Calls `visit` with the index of each pair within `group` (every pair of its members is one). */
export function forEachPairIn(group: number[], pairs: PairIndex, visit: (pair: number) => void): void {
  for (let x = 0; x < group.length; x++)
    for (let y = x + 1; y < group.length; y++) visit(pairs.find(group[x], group[y]));
}
