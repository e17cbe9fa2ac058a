import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InOrder } from '../../src/core/util/inOrder';

test('items given out of order come out in position order, each as soon as all before it are in', () => {
  const out: string[] = [];
  const inOrder = new InOrder<string>((item) => out.push(item));
  inOrder.put(2, 'c');
  inOrder.put(1, 'b');
  assert.deepEqual(out, []);
  assert.equal(inOrder.waiting, 2);
  inOrder.put(0, 'a');
  assert.deepEqual(out, ['a', 'b', 'c']);
  assert.equal(inOrder.waiting, 0);
  inOrder.put(4, 'e');
  inOrder.put(3, 'd');
  assert.deepEqual(out, ['a', 'b', 'c', 'd', 'e']);
});

test('a shuffled thousand comes out whole and in order', () => {
  const positions = Array.from({ length: 1000 }, (_, k) => k);
  for (let k = positions.length - 1; k > 0; k--) {
    const j = (k * 7919) % (k + 1);
    [positions[k], positions[j]] = [positions[j], positions[k]];
  }
  const out: number[] = [];
  const inOrder = new InOrder<number>((item) => out.push(item));
  for (const p of positions) inOrder.put(p, p);
  assert.deepEqual(
    out,
    positions.map((_, k) => k),
  );
});
