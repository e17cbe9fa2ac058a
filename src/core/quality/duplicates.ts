import { hammingDistance } from './perceptualHash';

/** Groups of indices whose keys are identical. Only groups of 2 or more are returned, in first-seen order. */
export function exactGroups(keys: string[]): number[][] {
  const byKey = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const group = byKey.get(key);
    if (group) group.push(i);
    else byKey.set(key, [i]);
  });
  return [...byKey.values()].filter((g) => g.length > 1);
}

/**
 * Groups of indices whose 64-bit hashes are within `maxDistance` bits (transitively). Pigeonhole: two hashes
 * within d bits agree exactly on at least one of d+1 disjoint bands, so only hashes sharing a band value are
 * compared — near-linear on real data instead of all n² pairs.
 */
export function nearGroups(hashes: string[], maxDistance: number): { members: number[]; maxDistance: number }[] {
  const bands = maxDistance + 1;
  const bits = hashes.map(toBits);
  const parent = hashes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const worst = new Map<string, number>();
  const linked = new Set<string>();
  for (let band = 0; band < bands; band++) {
    const start = Math.floor((band * 64) / bands);
    const end = Math.floor(((band + 1) * 64) / bands);
    const buckets = new Map<string, number[]>();
    bits.forEach((b, i) => {
      const key = b.slice(start, end);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    });
    for (const bucket of buckets.values()) {
      for (let a = 0; a < bucket.length; a++) {
        for (let b = a + 1; b < bucket.length; b++) {
          const i = bucket[a];
          const j = bucket[b];
          const pair = `${i},${j}`;
          if (linked.has(pair)) continue;
          const d = hammingDistance(hashes[i], hashes[j]);
          if (d > maxDistance) continue;
          linked.add(pair);
          const ri = find(i);
          const rj = find(j);
          if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
          worst.set(pair, d);
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  hashes.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  const rootOf = (pair: string) => find(Number(pair.split(',')[0]));
  const maxByRoot = new Map<number, number>();
  for (const [pair, d] of worst) maxByRoot.set(rootOf(pair), Math.max(maxByRoot.get(rootOf(pair)) ?? 0, d));
  return [...groups.entries()].filter(([, g]) => g.length > 1).map(([root, members]) => ({ members, maxDistance: maxByRoot.get(root) ?? 0 }));
}

function toBits(hex: string): string {
  let out = '';
  for (const digit of hex) out += parseInt(digit, 16).toString(2).padStart(4, '0');
  return out;
}
