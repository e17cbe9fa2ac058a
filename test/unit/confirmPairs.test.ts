import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmPairs, type CandidatePairs } from '../../src/core/content/confirmPairs';
import { CONFIRM_THUMB_SIZE as T } from '../../src/core/content/modelInput';
import { createRng, type Rng } from '../../src/core/util/rng';
import { preparedByDefinition } from './helpers/preparedThumbnail';

/*
 * confirmPairs takes shortcuts (windows stopped once they cannot reach what a pair needs, quantiles by
 * histogram, windows resampled together). The reference here is the plain computation, written as the
 * definition reads: every window of both sides, full dot products, a sort for the quantile. The two must keep the
 * same pairs, each with the same agreement bit for bit.
 */

const CROP_FRACTIONS = [0.02, 0.04, 0.06, 0.08];
const ANCHORS = [0, 0.5, 1];

/** Source cells and area weights of the T output cells covering [lo, hi) of an axis. */
function axisWeights(lo: number, hi: number): { start: number; weights: number[] }[] {
  const step = (hi - lo) / T;
  return Array.from({ length: T }, (_, o) => {
    const a = lo + o * step;
    const b = a + step;
    const first = Math.min(T - 1, Math.floor(a));
    const weights: number[] = [];
    for (let i = first; i < Math.min(T, Math.ceil(b)); i++)
      weights.push(Math.fround((Math.min(b, i + 1) - Math.max(a, i)) / step));
    return { start: first, weights };
  });
}

/** The thumbnail cropped to [x0, x0 + (1 - f) T) x [y0, ...) and resampled to T x T by area: rows first, then columns. */
function windowByDefinition(grey: Float32Array, f: number, ax: number, ay: number): Float32Array {
  const xs = axisWeights(ax * f * T, ax * f * T + (1 - f) * T);
  const ys = axisWeights(ay * f * T, ay * f * T + (1 - f) * T);
  const rows = new Float32Array(T * T);
  for (let y = 0; y < T; y++)
    for (let o = 0; o < T; o++) {
      let v = 0;
      xs[o].weights.forEach((w, i) => (v += w * grey[y * T + xs[o].start + i]));
      rows[y * T + o] = v;
    }
  const out = new Float32Array(T * T);
  for (let o = 0; o < T; o++)
    ys[o].weights.forEach((w, j) => {
      for (let x = 0; x < T; x++) out[o * T + x] += w * rows[(ys[o].start + j) * T + x];
    });
  return out;
}

function dotByDefinition(a: Float32Array, b: Float32Array, mirrored: boolean): number {
  let s = 0;
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) s += a[y * T + x] * b[y * T + (mirrored ? T - 1 - x : x)];
  return s;
}

/** A thumbnail prepared as it is and in each cropped window, by definition. */
function preparedViews(thumb: Uint8Array): { plain: Float32Array; windows: Float32Array[] } {
  const grey = Float32Array.from(thumb);
  return {
    plain: preparedByDefinition(grey),
    windows: CROP_FRACTIONS.flatMap((f) =>
      ANCHORS.flatMap((ay) => ANCHORS.map((ax) => preparedByDefinition(windowByDefinition(grey, f, ax, ay)))),
    ),
  };
}

type Views = ReturnType<typeof preparedViews>;

/** Every alignment's agreement of two thumbnails, as confirmPairs defines the pair's (before its Float32 store). */
function agreementByDefinition(a: Views, b: Views, crops: boolean): number {
  let best = Math.max(dotByDefinition(a.plain, b.plain, false), dotByDefinition(a.plain, b.plain, true));
  if (!crops) return best;
  for (const [side, other] of [
    [a, b],
    [b, a],
  ] as const)
    for (const w of side.windows)
      best = Math.max(best, dotByDefinition(w, other.plain, false), dotByDefinition(w, other.plain, true));
  return best;
}

/** A picture: smooth shapes and fine texture, from `rng`. */
function picture(rng: Rng): Uint8Array {
  const out = new Uint8Array(T * T);
  const blobs = Array.from({ length: 4 }, () => ({
    x: rng.next() * T,
    y: rng.next() * T,
    r: 4 + rng.next() * 14,
    v: rng.int(-90, 90),
  }));
  const base = rng.int(60, 180);
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      let v = base + rng.int(-12, 12) + 20 * Math.sin((x + 2 * y) / (2 + rng.next()));
      for (const b of blobs) if ((x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2) v += b.v;
      out[y * T + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  return out;
}

/** A copy of `grey` as an editor would make one: cropped by `cut` px at the top left, mirrored, brightened, noisy. */
function edited(grey: Uint8Array, rng: Rng, cut: number, mirrored: boolean): Uint8Array {
  const out = new Uint8Array(T * T);
  const scale = (T - cut) / T;
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      const sx = Math.min(T - 1, Math.round(cut + x * scale));
      const sy = Math.min(T - 1, Math.round(cut + y * scale));
      const v = grey[sy * T + (mirrored ? T - 1 - sx : sx)] * 1.1 + 8 + rng.int(-6, 6);
      out[y * T + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  return out;
}

/** Thumbnails: distinct pictures, edited copies of some (cropped, mirrored), noise, a flat one. */
function thumbnails(seed: number): Uint8Array[] {
  const rng = createRng(seed);
  const originals = Array.from({ length: 8 }, () => picture(rng));
  return [
    ...originals,
    ...originals.slice(0, 6).map((o, k) => edited(o, rng, k % 3, k % 2 === 1)),
    ...originals.slice(0, 3).map((o, k) => edited(o, rng, 3 + k, k === 1)),
    Uint8Array.from({ length: T * T }, () => rng.int(0, 255)),
    new Uint8Array(T * T).fill(77),
  ];
}

function everyPair(n: number): CandidatePairs & { pairs: [number, number][] } {
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  return { pairs, length: pairs.length, i: (p) => pairs[p][0], j: (p) => pairs[p][1] };
}

/** Kept pairs (agreement at least what they need) with their agreements, by pair number. */
function kept(agreement: Float32Array, needed: (p: number) => number): Map<number, number> {
  const out = new Map<number, number>();
  agreement.forEach((a, p) => {
    if (a >= needed(p)) out.set(p, a);
  });
  return out;
}

test('confirmPairs keeps the pairs the plain computation keeps, each with its agreement bit for bit', () => {
  for (const seed of [1, 2]) {
    const thumbs = thumbnails(seed);
    const pairs = everyPair(thumbs.length);
    const crops = (p: number) => p % 5 !== 0;
    const views = thumbs.map(preparedViews);
    const exact = pairs.pairs.map(([i, j], p) =>
      Math.fround(agreementByDefinition(views[i], views[j], crops(p))),
    );
    // Thresholds met exactly, missed by one Float32 step, the usual ones and some between.
    const boundaries: ((p: number) => number)[] = [
      () => 0.75,
      () => 0.95,
      (p) => exact[p],
      (p) => exact[p] + 1e-7,
      (p) => exact[p] - 1e-7,
      (p) => Math.fround(exact[p] * (1 + 2 ** -24)),
      (p) => [0.3, 0.5, 0.75, 0.9][p % 4],
    ];
    for (const [b, needed] of boundaries.entries()) {
      const fast = kept(
        confirmPairs(pairs, (k) => thumbs[k], needed, crops),
        needed,
      );
      const plain = kept(Float32Array.from(exact), needed);
      assert.deepEqual(fast, plain, `seed ${seed}, thresholds ${b}`);
    }
    assert.ok(kept(Float32Array.from(exact), () => 0.75).size >= 8, 'some pairs are near duplicates');
  }
});
