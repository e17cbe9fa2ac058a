import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NearestList, SpilledNearestList, StreamedScores } from '../../src/core/content/nearestLists';
import { createRng } from '../../src/core/util/rng';

/** Offers row after row: each row `offers` random neighbours (some rows none), similarities in [-1, 1). */
function offers(n: number, perRow: number, seed: number): [number, number, number][] {
  const rng = createRng(seed);
  const out: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (i % 17 === 3) continue;
    const count = i % 5 === 0 ? 3 : perRow;
    for (let r = 0; r < count; r++) out.push([i, rng.int(0, n - 1), Math.fround(rng.next() * 2 - 1)]);
  }
  return out;
}

/** A made-up exact similarity: any pure function of the pair will do. */
const exact = (i: number, j: number) => Math.cos(i * 0.37 + j * 0.11);

test('SpilledNearestList keeps the same lists as NearestList, in memory and from its file', () => {
  // 20,000 rows of 96 bytes: 1.9 MB, the rows beyond the first 1 MB read back from the temporary file.
  const n = 20_000;
  const given = offers(n, 14, 3);
  const inMemory = new NearestList(n, 12);
  const spilled = new SpilledNearestList(n, 12, 1 << 20);
  for (const [i, j, s] of given) {
    inMemory.offer(i, j, s);
    spilled.offer(i, j, s);
  }
  spilled.finish();
  const kept = (list: NearestList | SpilledNearestList) => {
    const out: number[] = [];
    list.forEachKept((i, j, s) => out.push(i, j, s));
    return out;
  };
  assert.deepEqual(kept(spilled), kept(inMemory));
  for (const [i, j] of given.filter((_, g) => g % 97 === 0)) {
    assert.equal(spilled.similarityOf(i, j), inMemory.similarityOf(i, j), `${i} keeps ${j}`);
    assert.equal(spilled.similarityOf(j, i), inMemory.similarityOf(j, i), `${j} keeps ${i}`);
  }
  assert.deepEqual(spilled.scores(exact), inMemory.scores(exact));
  spilled.close();
});

test('SpilledNearestList refuses a row offered after a later one', () => {
  const list = new SpilledNearestList(10, 4);
  list.offer(5, 1, 0.5);
  assert.throws(() => list.offer(4, 1, 0.5), /row 4 offered after row 5/);
  list.close();
});

test('StreamedScores gives NearestList.scores for rows offered together, in any row order', () => {
  const n = 3000;
  const given = offers(n, 14, 9);
  const rows = new Map<number, [number, number, number][]>();
  for (const offer of given) rows.set(offer[0], [...(rows.get(offer[0]) ?? []), offer]);
  const order = [...rows.keys()].sort((a, b) => (a % 7) - (b % 7) || b - a);
  const inMemory = new NearestList(n, 12);
  const streamed = new StreamedScores(n, 12, exact);
  for (const i of order)
    for (const [, j, s] of rows.get(i)!) {
      inMemory.offer(i, j, s);
      streamed.offer(i, j, s);
    }
  const scores = streamed.finish();
  assert.deepEqual(scores, inMemory.scores(exact));
  assert.ok(Number.isNaN(scores[3]) && !Number.isNaN(scores[1]), 'a row without neighbours has no score');
});
