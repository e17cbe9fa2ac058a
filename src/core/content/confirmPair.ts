import { kthSmallest } from '../util/kthSmallest';
import { CONFIRM_THUMB_SIZE } from './modelInput';

const T = CONFIRM_THUMB_SIZE;

/**
 * Crops tried when aligning two thumbnails: the fraction of the width and of the height cut away in total, the
 * window placed at nine anchors (cut from one side, the other, or both alike), so a copy cropped by a few
 * percent still lines up with its original. Identity is tried first.
 */
const CROP_FRACTIONS = [0.02, 0.04, 0.06, 0.08];
const ANCHORS = [0, 0.5, 1];
/** Side of the box blur whose difference to the thumbnail is the high-pass image compared. */
const BLUR = 5;
/**
 * High-pass values are clipped at this quantile of their magnitudes before correlating, so that one strong edge
 * two different pictures share cannot carry the agreement alone (the rims of two tiles of one retina photograph,
 * mirror images of each other in outline, agreed at 0.84 unclipped and 0.72 clipped while their vessels differ;
 * edited copies kept 0.76 or more: docs/quality-checks.md).
 */
const CLIP_QUANTILE = 0.9;

/** A thumbnail prepared for comparison: high-pass, zero mean, unit norm (all zeros when flat). */
type Prepared = Float32Array;

interface Window {
  ys: Weights;
  xs: Weights;
}

interface Weights {
  start: Int32Array;
  count: Int32Array;
  weight: Float32Array;
  stride: number;
}

/** Area-overlap weights mapping source interval [lo, hi) of an axis onto T output cells. */
function intervalWeights(lo: number, hi: number): Weights {
  const step = (hi - lo) / T;
  const stride = Math.ceil(step) + 1;
  const start = new Int32Array(T);
  const count = new Int32Array(T);
  const weight = new Float32Array(T * stride);
  for (let o = 0; o < T; o++) {
    const a = lo + o * step;
    const b = a + step;
    const first = Math.min(T - 1, Math.floor(a));
    start[o] = first;
    let n = 0;
    for (let i = first; i < Math.min(T, Math.ceil(b)); i++)
      weight[o * stride + n++] = (Math.min(b, i + 1) - Math.max(a, i)) / step;
    count[o] = n;
  }
  return { start, count, weight, stride };
}

const WINDOWS: Window[] = CROP_FRACTIONS.flatMap((f) =>
  ANCHORS.flatMap((ay) =>
    ANCHORS.map((ax) => {
      const x0 = ax * f * T;
      const y0 = ay * f * T;
      return { xs: intervalWeights(x0, x0 + (1 - f) * T), ys: intervalWeights(y0, y0 + (1 - f) * T) };
    }),
  ),
);

function applyWindow(src: Float32Array, w: Window): Float32Array {
  const rows = new Float32Array(T * T);
  for (let y = 0; y < T; y++)
    for (let ox = 0; ox < T; ox++) {
      let v = 0;
      for (let i = 0; i < w.xs.count[ox]; i++)
        v += w.xs.weight[ox * w.xs.stride + i] * src[y * T + w.xs.start[ox] + i];
      rows[y * T + ox] = v;
    }
  const out = new Float32Array(T * T);
  for (let oy = 0; oy < T; oy++)
    for (let j = 0; j < w.ys.count[oy]; j++) {
      const wy = w.ys.weight[oy * w.ys.stride + j];
      const row = (w.ys.start[oy] + j) * T;
      for (let x = 0; x < T; x++) out[oy * T + x] += wy * rows[row + x];
    }
  return out;
}

/** Row or column `p`, clamped to the thumbnail. */
const clamp = (p: number) => Math.min(T - 1, Math.max(0, p));

/** prepare()'s working arrays, reused: a new pair of them for each of millions of thumbnails cost more than the work. */
const across = new Float32Array(T * T);
const magnitudes = new Float32Array(T * T);

/** The thumbnail minus its BLUR x BLUR box average (edges clamped), clipped (CLIP_QUANTILE), zero mean, unit norm. */
function prepare(grey: Float32Array): Prepared {
  // The box sums slide (one value out, one in) rather than adding BLUR values each: most of a candidate pair's
  // cost, for millions of pairs at 1M images. Exact, so the same as summing afresh: the grey values are integers,
  // and the 32-bit floats summed down the columns are multiples of 2^-26 below 1,276, within a double's 53 bits.
  const r = BLUR >> 1;
  for (let y = 0; y < T; y++) {
    const row = y * T;
    let s = 0;
    for (let d = -r; d <= r; d++) s += grey[row + clamp(d)];
    for (let x = 0; x < T; x++) {
      across[row + x] = s / BLUR;
      s += grey[row + clamp(x + r + 1)] - grey[row + clamp(x - r)];
    }
  }
  const out = new Float32Array(T * T);
  const column = new Float64Array(T);
  for (let x = 0; x < T; x++) for (let d = -r; d <= r; d++) column[x] += across[clamp(d) * T + x];
  let mean = 0;
  for (let y = 0; y < T; y++) {
    const row = y * T;
    const enter = clamp(y + r + 1) * T;
    const leave = clamp(y - r) * T;
    for (let x = 0; x < T; x++) {
      const v = grey[row + x] - column[x] / BLUR;
      out[row + x] = v;
      mean += v;
      column[x] += across[enter + x] - across[leave + x];
    }
  }
  mean /= out.length;
  for (let i = 0; i < out.length; i++) magnitudes[i] = Math.abs(out[i] - mean);
  // The value a sort would put there, without the sort.
  const cap = kthSmallest(magnitudes, Math.floor(CLIP_QUANTILE * (out.length - 1)));
  let clippedMean = 0;
  for (let i = 0; i < out.length; i++) clippedMean += out[i] = Math.max(-cap, Math.min(cap, out[i] - mean));
  mean = clippedMean / out.length;
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += (out[i] -= mean) ** 2;
  if (norm > 1e-9) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  } else out.fill(0);
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function toFloat(thumb: Uint8Array): Float32Array {
  return new Float32Array(thumb);
}

/**
 * dot(a, mirror image of b). prepare() commutes with mirroring (its blur and clamped edges are symmetric), so a
 * mirror is compared without being prepared or stored.
 */
function mirroredDot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let y = 0; y < T; y++) {
    const row = y * T;
    for (let x = 0; x < T; x++) s += a[row + x] * b[row + T - 1 - x];
  }
  return s;
}

/** One image's thumbnail as compared: prepared, and (on demand) its cropped windows, prepared. */
export class ConfirmView {
  readonly plain: Prepared;
  private readonly grey: Float32Array;
  private windows: Prepared[] | undefined;

  constructor(thumb: Uint8Array) {
    if (thumb.length !== T * T)
      throw new Error(`a confirmation thumbnail has ${thumb.length} pixels, not ${T * T}`);
    this.grey = toFloat(thumb);
    this.plain = prepare(this.grey);
  }

  croppedWindows(): Prepared[] {
    return (this.windows ??= WINDOWS.map((w) => prepare(applyWindow(this.grey, w))));
  }
}

/** The two images as they are, or one mirrored. */
export function plainAgreement(a: ConfirmView, b: ConfirmView): number {
  return Math.max(dot(a.plain, b.plain), mirroredDot(a.plain, b.plain));
}

/**
 * `a` cropped (each of its windows) against `b` as it is and mirrored. The anchors are symmetric, so a mirrored
 * window of `a` against `b` is one of its windows against `b`'s mirror: covered.
 */
export function croppedAgreement(a: ConfirmView, b: Prepared, enough = Infinity): number {
  let best = -1;
  for (const w of a.croppedWindows()) {
    best = Math.max(best, dot(w, b), mirroredDot(w, b));
    if (best >= enough) return best;
  }
  return best;
}

/**
 * How well two images agree pixel by pixel, allowing for a mirror and a crop of up to 8% of the width and
 * height (in total) of either one: the best normalised correlation of their high-pass thumbnails (fine detail: two
 * different photos of the same kind of scene, or two tiles of one texture, disagree there where embeddings cannot
 * tell them apart), -1..1. Stops at the first alignment reaching `enough`. `crops`: false compares the
 * thumbnails as they are and mirrored only.
 */
export function pixelAgreement(a: ConfirmView, b: ConfirmView, enough = Infinity, crops = true): number {
  let best = plainAgreement(a, b);
  if (best >= enough || !crops) return best;
  best = Math.max(best, croppedAgreement(a, b.plain, enough));
  if (best >= enough) return best;
  return Math.max(best, croppedAgreement(b, a.plain, enough));
}
