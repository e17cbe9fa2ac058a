import { kthSmallestBinned } from '../util/kthSmallest';
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

/**
 * Slack of the early exit in `boundedDot`, far above the rounding of its bound's sums (about 1e-13 here) and of a
 * Float32 agreement (3e-8): a dot is stopped only when it stays this far below what it would have to reach.
 */
const EXIT_SLACK = 1e-6;

/**
 * A thumbnail prepared for comparison: high-pass, zero mean, unit norm (all zeros when flat), and the energy left
 * from each row to the end (`tail[r]`: the sum of squares of rows r..T-1), which bounds what those rows can add to a
 * dot product (Cauchy-Schwarz).
 */
interface Prepared {
  values: Float32Array;
  tail: Float64Array;
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

/** Each crop fraction's weights along an axis, for each anchor (the same for x and y). */
const AXES: Weights[][] = CROP_FRACTIONS.map((f) =>
  ANCHORS.map((a) => intervalWeights(a * f * T, a * f * T + (1 - f) * T)),
);

/** `src` resampled along x by `xs` into `into` (each row's T outputs). */
function resampleRows(src: Float32Array, xs: Weights, into: Float32Array): void {
  for (let y = 0; y < T; y++)
    for (let ox = 0; ox < T; ox++) {
      let v = 0;
      for (let i = 0; i < xs.count[ox]; i++)
        v += xs.weight[ox * xs.stride + i] * src[y * T + xs.start[ox] + i];
      into[y * T + ox] = v;
    }
}

/** `rows` (resampled along x) resampled along y by `ys` into `into`. */
function resampleColumns(rows: Float32Array, ys: Weights, into: Float32Array): void {
  into.fill(0);
  for (let oy = 0; oy < T; oy++)
    for (let j = 0; j < ys.count[oy]; j++) {
      const wy = ys.weight[oy * ys.stride + j];
      const row = (ys.start[oy] + j) * T;
      for (let x = 0; x < T; x++) into[oy * T + x] += wy * rows[row + x];
    }
}

/** Row or column `p`, clamped to the thumbnail. */
const clamp = (p: number) => Math.min(T - 1, Math.max(0, p));

/** prepare()'s working arrays, reused: a new pair of them for each of millions of thumbnails cost more than the work. */
const across = new Float32Array(T * T);
const magnitudes = new Float32Array(T * T);
const column = new Float64Array(T);
/** A thumbnail's grey levels as floats, and its windows resampled, before they are prepared (reused likewise). */
const greyLevels = new Float32Array(T * T);
const rowsByAnchor = ANCHORS.map(() => new Float32Array(T * T));
const window = new Float32Array(T * T);

/**
 * The thumbnail minus its BLUR x BLUR box average (edges clamped), clipped (CLIP_QUANTILE), zero mean, unit norm.
 * Run for every image of millions of candidate pairs: the loops avoid clamping inside the picture and Math.min/max
 * (the same values: nothing here is NaN, and the clip keeps the sign of a zero as they do).
 */
function prepare(grey: Float32Array, into?: Prepared): Prepared {
  // The box sums slide (one value out, one in) rather than adding BLUR values each: most of a candidate pair's
  // cost, for millions of pairs at 1M images. Exact, so the same as summing afresh: the grey values are integers,
  // and the 32-bit floats summed down the columns are multiples of 2^-26 below 1,276, within a double's 53 bits.
  const r = BLUR >> 1;
  for (let y = 0; y < T; y++) {
    const row = y * T;
    let s = 0;
    for (let d = -r; d <= r; d++) s += grey[row + clamp(d)];
    let x = 0;
    for (; x < r; x++) {
      across[row + x] = s / BLUR;
      s += grey[row + x + r + 1] - grey[row];
    }
    for (; x < T - r - 1; x++) {
      across[row + x] = s / BLUR;
      s += grey[row + x + r + 1] - grey[row + x - r];
    }
    for (; x < T; x++) {
      across[row + x] = s / BLUR;
      s += grey[row + T - 1] - grey[row + x - r];
    }
  }
  const out = into?.values ?? new Float32Array(T * T);
  column.fill(0);
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
  let largest = 0;
  for (let i = 0; i < out.length; i++) {
    const m = (magnitudes[i] = Math.abs(out[i] - mean));
    if (m > largest) largest = m;
  }
  // The value a sort would put there, without the sort.
  const cap = kthSmallestBinned(magnitudes, Math.floor(CLIP_QUANTILE * (out.length - 1)), largest);
  let clippedMean = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i] - mean;
    const clipped = v > cap ? cap : v < -cap ? -cap : v;
    out[i] = clipped;
    clippedMean += clipped;
  }
  mean = clippedMean / out.length;
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += (out[i] -= mean) ** 2;
  if (norm > 1e-9) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  } else out.fill(0);
  return { values: out, tail: tailEnergy(out, into?.tail) };
}

/** The sum of squares of rows r..T-1 of `values`, for each r (and 0 after the last). */
function tailEnergy(values: Float32Array, tail: Float64Array = new Float64Array(T + 1)): Float64Array {
  for (let y = T - 1; y >= 0; y--) {
    let s = 0;
    for (let x = 0; x < T; x++) s += values[y * T + x] ** 2;
    tail[y] = tail[y + 1] + s;
  }
  return tail;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * dot(a, b), or dot(a, mirror image of b), summed in the order dot() and mirroredDot() sum: the same value. Stops
 * (returning -Infinity) once the rows left cannot bring it to `floor`: the sum so far plus the product of what
 * energy both have left (Cauchy-Schwarz) stays below it.
 */
function boundedDot(a: Prepared, b: Prepared, mirrored: boolean, floor: number): number {
  const av = a.values;
  const bv = b.values;
  const cut = floor - EXIT_SLACK;
  let s = 0;
  for (let y = 0; y < T; y++) {
    if (s + Math.sqrt(a.tail[y] * b.tail[y]) < cut) return -Infinity;
    const row = y * T;
    if (mirrored) for (let x = 0; x < T; x++) s += av[row + x] * bv[row + T - 1 - x];
    else for (let x = 0; x < T; x++) s += av[row + x] * bv[row + x];
  }
  return s;
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

/**
 * One image's thumbnail as compared: prepared, and (on demand) its cropped windows, prepared. `recycled`: a view
 * no longer used whose arrays this one takes over (new arrays for each of millions of views cost a tenth of the work).
 */
export class ConfirmView {
  readonly plain: Prepared;
  private readonly thumb: Uint8Array;
  private windows: Prepared[] | undefined;
  /** A recycled view's windows, whose arrays this one's take over if it needs windows. */
  private readonly spare: Prepared[] | undefined;

  constructor(thumb: Uint8Array, recycled?: ConfirmView) {
    if (thumb.length !== T * T)
      throw new Error(`a confirmation thumbnail has ${thumb.length} pixels, not ${T * T}`);
    this.thumb = recycled ? recycled.thumb : new Uint8Array(T * T);
    this.thumb.set(thumb);
    greyLevels.set(thumb);
    this.plain = prepare(greyLevels, recycled?.plain);
    this.spare = recycled?.windows ?? recycled?.spare;
  }

  /**
   * The windows in the order of CROP_FRACTIONS, then ANCHORS in y, then in x. The pass along x is shared by the
   * windows of one fraction and x anchor: each output is summed as if each window were resampled alone.
   */
  croppedWindows(): Prepared[] {
    if (this.windows) return this.windows;
    greyLevels.set(this.thumb);
    const windows: Prepared[] = [];
    for (const axis of AXES) {
      axis.forEach((xs, ax) => resampleRows(greyLevels, xs, rowsByAnchor[ax]));
      for (const ys of axis)
        for (let ax = 0; ax < ANCHORS.length; ax++) {
          resampleColumns(rowsByAnchor[ax], ys, window);
          windows.push(prepare(window, this.spare?.[windows.length]));
        }
    }
    return (this.windows = windows);
  }
}

/** The two images as they are, or one mirrored. */
export function plainAgreement(a: ConfirmView, b: ConfirmView): number {
  return Math.max(dot(a.plain.values, b.plain.values), mirroredDot(a.plain.values, b.plain.values));
}

/**
 * `a` cropped (each of its windows) against `b` as it is and mirrored. The anchors are symmetric, so a mirrored
 * window of `a` against `b` is one of its windows against `b`'s mirror: covered. Alignments that cannot reach
 * `floor`, nor the best found so far, are not finished: the result is exact when it reaches `floor`, and below
 * `floor` otherwise (-1 when no alignment gets there).
 */
export function croppedAgreement(
  a: ConfirmView,
  b: ConfirmView,
  floor = -Infinity,
  enough = Infinity,
): number {
  let best = -1;
  for (const w of a.croppedWindows()) {
    best = Math.max(best, boundedDot(w, b.plain, false, Math.max(floor, best)));
    best = Math.max(best, boundedDot(w, b.plain, true, Math.max(floor, best)));
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
  best = Math.max(best, croppedAgreement(a, b, -Infinity, enough));
  if (best >= enough) return best;
  return Math.max(best, croppedAgreement(b, a, -Infinity, enough));
}
