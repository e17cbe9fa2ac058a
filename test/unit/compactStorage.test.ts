import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Growable } from '../../src/core/util/growable';
import { NameTable } from '../../src/core/util/nameTable';
import { compareNames } from '../../src/core/util/names';
import { createRng } from '../../src/core/util/rng';

test('Growable keeps every value across chunk boundaries', () => {
  const g = new Growable(Float64Array);
  const plain: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const v = i * 1.5 - 7;
    g.push(v);
    plain.push(v);
  }
  assert.equal(g.length, plain.length);
  for (const i of [0, 65_535, 65_536, 131_071, 131_072, 199_999]) assert.equal(g.get(i), plain[i]);
  assert.deepEqual(Array.from(g.toArray()), plain);
  assert.equal(new Growable(Uint8Array).toArray().length, 0);
});

test('NameTable gives names back unchanged and orders them as compareNames does', () => {
  const rng = createRng(7);
  const alphabet = ['a', 'b', 'B', '0', '/', ' ', '\u00e9', '\uFF21', '\u{1F600}', '\uFFFD', '\u4e2d'];
  const names: string[] = [];
  for (let i = 0; i < 5000; i++) {
    let name = '';
    const length = rng.int(0, 12);
    for (let k = 0; k < length; k++) name += alphabet[rng.int(0, alphabet.length - 1)];
    names.push(name);
  }
  // Longer than an arena chunk (1 MB) once encoded: gets a chunk of its own.
  names.push('\u4e2d'.repeat(400_000), 'after-the-big-one');
  const table = new NameTable();
  names.forEach((name, i) => assert.equal(table.add(name), i));
  names.forEach((name, i) => assert.equal(table.get(i), name));

  const expected = names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => compareNames(a.name, b.name) || a.i - b.i)
    .map((x) => x.i);
  assert.deepEqual(Array.from(table.sortedOrder()), expected);
  for (let k = 0; k < 2000; k++) {
    const i = rng.int(0, names.length - 1);
    const j = rng.int(0, names.length - 1);
    assert.equal(Math.sign(table.compare(i, j)), Math.sign(compareNames(names[i], names[j])));
  }
});

test('NameTable stores lone surrogates as TextEncoder does (U+FFFD) and keeps later names intact', () => {
  const names = ['a\ud800b', '\udc00', 'x\u{1F600}y', '\ud83d', 'plain.png', '\u00e9\u4e2d.png'];
  const table = new NameTable();
  names.forEach((name) => table.add(name));
  const roundTrip = (name: string) => new TextDecoder().decode(new TextEncoder().encode(name));
  names.forEach((name, i) => assert.equal(table.get(i), roundTrip(name)));
});

test('NameTable keeps a name that starts with U+FEFF whole (a decoder would take it for a byte order mark)', () => {
  const table = new NameTable();
  const names = ['\uFEFFa.png', '\uFEFF', 'b\uFEFF.png'];
  names.forEach((name) => table.add(name));
  names.forEach((name, i) => assert.equal(table.get(i), name));
});
