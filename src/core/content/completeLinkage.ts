export interface LinkedPair {
  i: number;
  j: number;
  /** Higher links first. */
  similarity: number;
}

/**
 * Groups by complete linkage over a sparse set of confirmed pairs: pairs are taken from the most similar down,
 * and two groups merge only if every pair across them is confirmed. So no group chains A~B~C where A and C are
 * not alike themselves (single linkage, the union-find of the perceptual-hash search, can). Returns groups of 2
 * or more, each in ascending index order, with the lowest similarity among its pairs.
 */
export function completeLinkage(pairs: LinkedPair[]): { members: number[]; similarity: number }[] {
  const confirmed = new Map<string, number>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (const p of pairs) confirmed.set(key(p.i, p.j), p.similarity);
  const groupOf = new Map<number, number[]>();
  const lowest = new Map<number[], number>();
  const sorted = [...pairs].sort((a, b) => b.similarity - a.similarity || a.i - b.i || a.j - b.j);
  for (const { i, j, similarity } of sorted) {
    const a = groupOf.get(i) ?? [i];
    const b = groupOf.get(j) ?? [j];
    if (a === b) continue;
    let worst = Math.min(similarity, lowest.get(a) ?? Infinity, lowest.get(b) ?? Infinity);
    let complete = true;
    for (const x of a) {
      for (const y of b) {
        const s = confirmed.get(key(x, y));
        if (s === undefined) {
          complete = false;
          break;
        }
        worst = Math.min(worst, s);
      }
      if (!complete) break;
    }
    if (!complete) continue;
    const merged = [...a, ...b];
    lowest.delete(a);
    lowest.delete(b);
    lowest.set(merged, worst);
    for (const m of merged) groupOf.set(m, merged);
  }
  return [...lowest.entries()]
    .map(([members, similarity]) => ({ members: members.sort((x, y) => x - y), similarity }))
    .sort((x, y) => x.members[0] - y.members[0]);
}
