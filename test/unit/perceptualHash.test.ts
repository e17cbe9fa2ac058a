import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hamming, parseHash64 } from '../../src/core/quality/duplicates';
import { dctHash, middleOf64 } from '../../src/core/quality/perceptualHash';
import { pilLanczosResize } from '../../src/core/quality/pilLanczos';
import { createRng } from './helpers/images';
import { plainResize } from './helpers/plainResize';

function picture(seed: number, w: number, h: number): Uint8Array {
  const rng = createRng(seed);
  const cx = rng.int(0, w - 1);
  const cy = rng.int(0, h - 1);
  return Uint8Array.from(
    { length: w * h },
    (_, k) => (Math.hypot((k % w) - cx, Math.floor(k / w) - cy) < w / 4 ? 200 : 40) + rng.int(0, 20),
  );
}

const resized = (img: Uint8Array, w: number, h: number) => pilLanczosResize(w, h, img, 32, 32);

const distance = (a: string, b: string) => {
  const [ah, al] = parseHash64(a);
  const [bh, bl] = parseHash64(b);
  return hamming({ hi: Uint32Array.of(ah, bh), lo: Uint32Array.of(al, bl) }, 0, 1);
};

test('a hash has 32 bits set; a slightly noisy copy is close, another picture is far', () => {
  const a = picture(1, 96, 80);
  const noisy = a.map((v, k) => v + ((k * 7919) % 5) - 2);
  const other = picture(2, 96, 80);
  const ha = dctHash(resized(a, 96, 80));
  const ones = [...ha].reduce((n, d) => n + parseInt(d, 16).toString(2).split('1').length - 1, 0);
  assert.equal(ones, 32);
  assert.ok(distance(ha, dctHash(resized(noisy, 96, 80))) <= 4);
  assert.ok(distance(ha, dctHash(resized(other, 96, 80))) > 10);
});

test('a flat image has exact zeros for every frequency but the first: only the DC bit is set, as in scipy', () => {
  for (const v of [1, 77, 255]) assert.equal(dctHash(new Uint8Array(32 * 32).fill(v)), '8000000000000000');
  assert.equal(dctHash(new Uint8Array(32 * 32)), '0000000000000000');
});

test('a resize to the same size is the identity, as PIL skips that pass', () => {
  const img = picture(3, 32, 32);
  assert.deepEqual(resized(img, 32, 32), img);
});

test('the median of 64 values equals the one a full sort gives, ties and duplicates included', () => {
  const rng = createRng(8);
  const scratch = new Float64Array(64);
  for (let round = 0; round < 2000; round++) {
    const values = Float64Array.from({ length: 64 }, () =>
      round % 3 === 0 ? rng.int(0, 5) : round % 3 === 1 ? rng.int(-1000, 1000) / 7 : rng.next() - 0.5,
    );
    const sorted = Float64Array.from(values).sort();
    assert.equal(middleOf64(values, scratch), (sorted[31] + sorted[32]) / 2, `round ${round}`);
  }
});

test('the blocked resize gives what the plain passes give, grey read in place or rows written by a function', () => {
  const rng = createRng(11);
  const sizes = [
    [1, 1],
    [3, 2],
    [28, 28],
    [31, 33],
    [32, 7],
    [5, 32],
    [33, 130],
    [257, 97],
    [640, 481],
  ];
  for (const [w, h] of sizes) {
    const img = Uint8Array.from({ length: w * h }, () => rng.int(0, 255));
    for (const [ow, oh] of [
      [32, 32],
      [17, 5],
      [w, 32],
      [32, h],
    ]) {
      const expected = plainResize(img, w, h, ow, oh);
      assert.deepEqual(pilLanczosResize(w, h, img, ow, oh), expected, `${w}x${h} -> ${ow}x${oh}, in place`);
      const byRows = pilLanczosResize(
        w,
        h,
        (y, count, into) => into.set(img.subarray(y * w, (y + count) * w)),
        ow,
        oh,
      );
      assert.deepEqual(byRows, expected, `${w}x${h} -> ${ow}x${oh}, by rows`);
    }
  }
});

test('a resize into a given array (reused, holding an earlier result) gives what a new array gets', () => {
  const rng = createRng(12);
  const out = new Uint8Array(40 * 40);
  for (const [w, h, ow, oh] of [
    [28, 28, 32, 32],
    [640, 481, 32, 32],
    [33, 130, 17, 5],
    [32, 7, 32, 32],
    [5, 32, 32, 32],
    [32, 32, 32, 32],
  ]) {
    const img = Uint8Array.from({ length: w * h }, () => rng.int(0, 255));
    out.fill(0xaa);
    const into = pilLanczosResize(w, h, img, ow, oh, out);
    assert.equal(into.buffer, out.buffer, `${w}x${h} -> ${ow}x${oh}: written into the given array`);
    assert.equal(into.length, ow * oh);
    assert.deepEqual(into, plainResize(img, w, h, ow, oh), `${w}x${h} -> ${ow}x${oh}`);
  }
});
