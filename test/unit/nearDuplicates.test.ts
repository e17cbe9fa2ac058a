import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageMeasures } from '../../src/core/quality/imageMeasures';
import { hamming, hash64Half, parseHash64, type Hashes64 } from '../../src/core/quality/duplicates';
import { nearGroups } from '../../src/core/quality/nearGroups';
import { QualityCollector } from '../../src/core/quality/qualityCollector';
import { resolveThresholds } from '../../src/core/quality/qualityOptions';
import { createRng } from './helpers/images';

/** A 16x16 thumbnail (as char codes) with a pattern: a gradient plus a bright square at (x, y). */
function pattern(x: number, y: number, side = 5): string {
  const cells = Array.from({ length: 256 }, (_, k) => {
    const [cx, cy] = [k % 16, Math.floor(k / 16)];
    return cx >= x && cx < x + side && cy >= y && cy < y + side ? 230 : 20 + 4 * cx + 2 * cy;
  });
  return String.fromCharCode(...cells);
}

/**
 * What the collector needs of one image's measures: its hashes and thumbnail (given as char codes, one per
 * byte), nothing flagged otherwise.
 */
function measures(phash: string, pixelHash: string, codes: string): ImageMeasures {
  return {
    histogram: { channels: 1, counts: new Uint32Array(256), channelsEqual: true },
    brightnessP5: 0.4,
    brightnessP99: 0.6,
    entropy: 7,
    blur: 1,
    phash,
    pixelHash,
    thumbnail: Uint8Array.from(codes, (ch) => ch.charCodeAt(0)),
  };
}

/** Hashes with 32 bits set; `flip` moves pairs of bits (each move changes the distance by 2). */
function withMoves(base: bigint, moves: [number, number][]): string {
  let h = base;
  for (const [from, to] of moves) h = (h & ~(1n << BigInt(from))) | (1n << BigInt(to));
  return h.toString(16).padStart(16, '0');
}
const BASE = 0x00000000ffffffffn;

test('a chain A~B~C whose ends are further apart than the distance is not one group; groups report their real largest distance', () => {
  const a = withMoves(BASE, []);
  const b = withMoves(BASE, [[0, 40]]); // 2 bits from a
  const c = withMoves(BASE, [
    [0, 40],
    [1, 41],
    [2, 42],
  ]); // 4 from b, 6 from a
  const q = new QualityCollector(resolveThresholds({ nearDuplicateDistance: 4 }));
  const same = pattern(4, 4);
  q.add('a.png', {}, 64, 64, measures(a, '1'.repeat(16), same));
  q.add('b.png', {}, 64, 64, measures(b, '2'.repeat(16), same));
  q.add('c.png', {}, 64, 64, measures(c, '3'.repeat(16), same));
  const { report } = q.finish();
  assert.deepEqual(
    report.duplicates.near.map((g) => [g.files, g.distance]),
    [[['a.png', 'b.png'], 2]],
  );
});

test('a shared hash is not enough: images whose thumbnails differ are neither near duplicates nor leakage', () => {
  const q = new QualityCollector(resolveThresholds({}));
  const hash = withMoves(BASE, []);
  q.add(
    'train/Dress/d.png',
    { split: 'train', label: 'Dress' },
    28,
    28,
    measures(hash, 'a'.repeat(16), pattern(2, 2)),
  );
  q.add(
    'test/Trouser/t.png',
    { split: 'test', label: 'Trouser' },
    28,
    28,
    measures(hash, 'b'.repeat(16), pattern(9, 9)),
  );
  // A re-encoded copy: same hash, thumbnail off by a grey level here and there.
  const copy = [...pattern(2, 2)].map((ch, k) =>
    String.fromCharCode(ch.charCodeAt(0) + (k % 7 === 0 ? 1 : 0)),
  );
  q.add(
    'test/Dress/copy.png',
    { split: 'test', label: 'Dress' },
    28,
    28,
    measures(hash, 'c'.repeat(16), copy.join('')),
  );
  const { report, issues } = q.finish();
  assert.deepEqual(
    report.duplicates.near.map((g) => g.files),
    [['test/Dress/copy.png', 'train/Dress/d.png']],
  );
  assert.ok(report.duplicates.near[0].thumbnailDistance! < 0.05);
  assert.deepEqual(
    report.leakage.map((l) => [l.kind, l.across, l.files]),
    [['near', ['splits'], ['test/Dress/copy.png', 'train/Dress/d.png']]],
  );
  assert.ok(!issues.some((i) => i.file === 'test/Trouser/t.png'));
});

test('flat images share a hash; only flat images of about the same grey are near duplicates', () => {
  const q = new QualityCollector(resolveThresholds({}));
  const flat = (v: number) => String.fromCharCode(...new Array(256).fill(v));
  const hash = '8000000000000000';
  q.add('grey1.png', {}, 9, 9, measures(hash, '1'.repeat(16), flat(128)));
  q.add('grey2.png', {}, 8, 8, measures(hash, '2'.repeat(16), flat(129)));
  q.add('white.png', {}, 9, 9, measures(hash, '3'.repeat(16), flat(250)));
  q.add('pattern.png', {}, 9, 9, measures(hash, '4'.repeat(16), pattern(3, 3)));
  const { report } = q.finish();
  assert.deepEqual(
    report.duplicates.near.map((g) => g.files),
    [['grey1.png', 'grey2.png']],
  );
});

test('leakage is never summarised, however many images it covers, and comes before duplicates', () => {
  const q = new QualityCollector(resolveThresholds({}));
  for (let k = 0; k < 10; k++) {
    const thumb = pattern(k, k, 3);
    const hash = withMoves(BASE, [[k, 40 + k]]);
    q.add(`train/c/${k}.png`, { split: 'train', label: 'c' }, 8, 8, measures(hash, `${k}`.repeat(16), thumb));
    q.add(`test/c/${k}.png`, { split: 'test', label: 'c' }, 8, 8, measures(hash, `${k}`.repeat(16), thumb));
  }
  const { report, issues } = q.finish();
  assert.equal(report.counts.leakage, 20);
  assert.equal(report.counts.exact_duplicate, 20);
  assert.deepEqual(report.summarised, ['exact_duplicate']);
  assert.equal(issues.filter((i) => i.kind === 'leakage').length, 20);
  assert.deepEqual(Object.keys(report).indexOf('leakage') < Object.keys(report).indexOf('duplicates'), true);
  const kinds = Object.keys(report.counts);
  assert.ok(kinds.indexOf('leakage') < kinds.indexOf('near_duplicate'));
});

/** Random hashes with 32 bits set, and variants a few bit moves away. */
function hashSet(seed: number): string[] {
  const rng = createRng(seed);
  const out: string[] = [];
  for (let k = 0; k < 60; k++) {
    const bits = Array.from({ length: 64 }, (_, b) => b);
    for (let b = 63; b > 0; b--) {
      const r = rng.int(0, b);
      [bits[b], bits[r]] = [bits[r], bits[b]];
    }
    const base = bits.slice(0, 32).reduce((h, b) => h | (1n << BigInt(b)), 0n);
    out.push(base.toString(16).padStart(16, '0'));
    for (let v = 0; v < 4; v++) {
      const moves: [number, number][] = Array.from({ length: rng.int(1, 4) }, () => [
        bits[rng.int(0, 31)],
        bits[rng.int(32, 63)],
      ]);
      out.push(withMoves(base, moves));
    }
  }
  return out;
}

test('nearGroups: every pair of a group qualifies, no image is in two groups, and no two groups could be joined', () => {
  for (const seed of [1, 2, 3]) {
    const hex = hashSet(seed);
    const hashes: Hashes64 = {
      hi: Uint32Array.from(hex, (h) => parseHash64(h)[0]),
      lo: Uint32Array.from(hex, (h) => parseHash64(h)[1]),
    };
    const rng = createRng(seed + 100);
    // A pixel distance that rejects some pairs: a random but symmetric verdict per pair.
    const verdict = new Map<number, number>();
    const pixels = (i: number, j: number) => {
      const key = Math.min(i, j) * hex.length + Math.max(i, j);
      if (!verdict.has(key)) verdict.set(key, rng.next() < 0.15 ? 1 : rng.next() * 0.05);
      return verdict.get(key)!;
    };
    const d = 4;
    const ok = (i: number, j: number) => hamming(hashes, i, j) <= d && pixels(i, j) <= 0.1;
    const { groups } = nearGroups(hashes, d, pixels, 0.1, (i, j) => i - j);
    const seen = new Set<number>();
    for (const g of groups) {
      for (const m of g.members) {
        assert.ok(!seen.has(m), `${m} in two groups`);
        seen.add(m);
      }
      let maxBits = 0;
      for (const i of g.members)
        for (const j of g.members)
          if (i < j) {
            assert.ok(ok(i, j), `seed ${seed}: ${i} and ${j} grouped but do not qualify`);
            maxBits = Math.max(maxBits, hamming(hashes, i, j));
          }
      assert.equal(g.maxBits, maxBits);
    }
    // Maximal: a qualifying pair across two groups (or with a loner) means some member of one does not qualify
    // with some member of the other.
    const groupOf = new Map<number, number[]>();
    for (const g of groups) for (const m of g.members) groupOf.set(m, g.members);
    let pairs = 0;
    for (let i = 0; i < hex.length; i++)
      for (let j = i + 1; j < hex.length; j++) {
        if (!ok(i, j)) continue;
        pairs++;
        const gi = groupOf.get(i) ?? [i];
        const gj = groupOf.get(j) ?? [j];
        if (gi === gj) continue;
        assert.ok(
          gi.some((x) => gj.some((y) => !ok(x, y))),
          `seed ${seed}: groups of ${i} and ${j} could be joined`,
        );
      }
    assert.ok(pairs > 20 && groups.length > 5, `${pairs} pairs, ${groups.length} groups`);
  }
});

test('near duplicates are found among images whose thumbnails were spilled to disk', () => {
  // 1 KB of thumbnails in memory: the first chunk (4096 images) only; the rest go to the temporary file, but for
  // the chunk being filled (8192 on). 4200 and 7000 are both read back from the file.
  const q = new QualityCollector(resolveThresholds({}), 1024);
  const pairs = new Map([
    [5, 5000],
    [4500, 9000],
    [8300, 8400],
    [4200, 7000],
    // Same hash, different picture: read back from the file, both must keep their own pixels.
    [4300, 7100],
  ]);
  const partner = new Map([...pairs].flatMap(([a, b]) => [[b, a]]));
  for (let i = 0; i < 10_000; i++) {
    const source = partner.get(i) ?? i;
    const hash = (BigInt(source) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    q.add(
      `${String(i).padStart(5, '0')}.png`,
      {},
      8,
      8,
      measures(
        hash.toString(16).padStart(16, '0'),
        i.toString(16).padStart(16, '0'),
        pattern(i === 7100 ? 0 : source % 11, i === 7100 ? 9 : source % 7),
      ),
    );
  }
  const { report } = q.finish();
  q.close();
  assert.deepEqual(
    report.duplicates.near.map((g) => g.files),
    [
      ['00005.png', '05000.png'],
      ['04200.png', '07000.png'],
      ['04500.png', '09000.png'],
      ['08300.png', '08400.png'],
    ],
  );
});

test(
  '20,000 look-alike blanks sharing one hash are grouped in bounded time, and the report says it was capped',
  { timeout: 120_000 },
  () => {
    const q = new QualityCollector(resolveThresholds({}));
    const flat = String.fromCharCode(...new Array(256).fill(3));
    for (let i = 0; i < 20_000; i++)
      q.add(
        `${String(i).padStart(5, '0')}.png`,
        {},
        8 + (i % 7),
        8,
        measures('0'.repeat(16), i.toString(16).padStart(16, '0'), flat),
      );
    const { report } = q.finish();
    q.close();
    const sizes = report.duplicates.near.map((g) => g.files.length);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      20_000,
      'every blank is in a group',
    );
    assert.ok(report.duplicates.near.every((g) => g.distance === 0 && g.thumbnailDistance === 0));
    assert.match(report.notes.join('\n'), /too large to compare exhaustively/);
  },
);

test('hash64Half reads each half as parseHash64 does, malformed hashes included', () => {
  const rng = createRng(11);
  const digits = '0123456789abcdefABCDEF';
  const hashes = Array.from({ length: 500 }, () =>
    Array.from({ length: 16 }, () => digits[rng.int(0, digits.length - 1)]).join(''),
  );
  hashes.push(
    'ffffffffffffffff',
    '0000000000000000',
    '',
    'zz',
    '123456789abcdef',
    '123456789abcdef01',
    '1234567g89abcdef',
    '12345678x9abcdef',
    ' 123456789abcdef',
    '0x123456789abcde',
    '-123456789abcdef',
    '+123456789abcdef',
    'fedcba9876543210',
  );
  for (const hex of hashes) {
    const [hi, lo] = parseHash64(hex);
    assert.equal(hash64Half(hex, 0), hi, `high half of ${JSON.stringify(hex)}`);
    assert.equal(hash64Half(hex, 1), lo, `low half of ${JSON.stringify(hex)}`);
  }
});

test('quality issues keep their JSON key order: file, kind, message, score, severity, class, split', () => {
  const q = new QualityCollector(resolveThresholds({}));
  const dark = { ...measures('0'.repeat(16), '1'.repeat(16), pattern(2, 2)), brightnessP99: 0.1 };
  q.add('a.png', { label: 'cat', split: 'train' }, 64, 64, dark);
  q.add('b.png', { label: 'dog' }, 64, 64, { ...dark, pixelHash: '2'.repeat(16) });
  q.add('c.png', {}, 64, 64, { ...dark, pixelHash: '3'.repeat(16) });
  // Fewer than half dark, so the dark images are listed rather than summarised.
  for (const k of [4, 5, 6, 7])
    q.add(`${k}.png`, {}, 64, 64, measures(`${k}`.repeat(16), `${k}`.repeat(16), pattern(k, k)));
  const { issues } = q.finish();
  const keys = (file: string) => Object.keys(issues.find((i) => i.file === file && i.kind === 'dark')!);
  assert.deepEqual(keys('a.png'), ['file', 'kind', 'message', 'score', 'severity', 'class', 'split']);
  assert.deepEqual(keys('b.png'), ['file', 'kind', 'message', 'score', 'severity', 'class']);
  assert.deepEqual(keys('c.png'), ['file', 'kind', 'message', 'score', 'severity']);
});
