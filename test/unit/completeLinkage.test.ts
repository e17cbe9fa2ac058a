import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeLinkage, forEachPairIn, PairIndex } from '../../src/core/quality/completeLinkage';
import { createRng } from '../../src/core/util/rng';

/** Pairs as [i, j], taken in the order given. */
function groups(n: number, pairs: [number, number][]): number[][] {
  const index = new PairIndex(
    Uint32Array.from(pairs, (p) => p[0]),
    Uint32Array.from(pairs, (p) => p[1]),
  );
  return completeLinkage(
    n,
    index,
    pairs.map((_, e) => e),
  );
}

test('complete linkage: A~B and B~C without A~C make no chain; a full clique is one group', () => {
  assert.deepEqual(
    groups(3, [
      [0, 1],
      [1, 2],
    ]),
    [[0, 1]],
  );
  // Closest first decides which side of a chain wins.
  assert.deepEqual(
    groups(3, [
      [2, 1],
      [1, 0],
    ]),
    [[1, 2]],
  );
  assert.deepEqual(
    groups(9, [
      [3, 4],
      [5, 4],
      [3, 5],
      [8, 7],
    ]),
    [
      [3, 4, 5],
      [7, 8],
    ],
  );
});

test('complete linkage on random sparse pairs: disjoint groups, every pair inside a group is a given pair', () => {
  const rng = createRng(4);
  const n = 60;
  const pairs: [number, number][] = [];
  for (let e = 0; e < 400; e++) {
    const a = rng.int(0, n - 1);
    const b = rng.int(0, n - 1);
    if (a !== b) pairs.push([a, b]);
  }
  const index = new PairIndex(
    Uint32Array.from(pairs, (p) => p[0]),
    Uint32Array.from(pairs, (p) => p[1]),
  );
  const found = completeLinkage(
    n,
    index,
    pairs.map((_, e) => e),
  );
  const seen = new Set<number>();
  let grouped = 0;
  for (const g of found) {
    assert.ok(g.length >= 2);
    for (const m of g) {
      assert.ok(!seen.has(m), `image ${m} in two groups`);
      seen.add(m);
    }
    forEachPairIn(g, index, (e) => {
      assert.ok(e >= 0, `group ${g.join(',')} holds an unpaired pair`);
      grouped++;
    });
  }
  assert.ok(grouped > 20, 'the random pairs form some groups');
});
