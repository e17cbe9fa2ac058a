import type { AugImage } from '../augment/augImage';

/** Orientation bins of the gradient histograms (unsigned, 0..180°). */
const ORIENTATIONS = 8;
/** Grey levels of a grey image's intensity histogram; an RGB image gets a joint 4x4x4 colour histogram. */
const GREY_BINS = 8;
const COLOUR_LEVELS = 4;
/** Pyramid levels: the whole image, then a 2x2 grid. */
const GRIDS = [1, 2] as const;
const CELLS = GRIDS.reduce((sum, g) => sum + g * g, 0);

/** Values per pyramid cell: colour histogram, orientation histogram, mean edge strength. */
function cellLength(channels: 1 | 3): number {
  return (channels === 1 ? GREY_BINS : COLOUR_LEVELS ** 3) + ORIENTATIONS + 1;
}

export function pooledLength(channels: 1 | 3): number {
  return CELLS * cellLength(channels);
}

/**
 * Features that do not depend on where the object is: a spatial pyramid (whole image, 2x2 grid) of colour
 * histograms and magnitude-weighted histograms of gradient orientation, square-rooted (Hellinger) as is usual for
 * histograms. A cat on the left and on the right give the same whole-image histograms; a mirror still changes
 * the orientations and swaps the grid's cells, so a transform is not invisible to them.
 * `image` is 0..255 (values outside are clamped), `channels` is the model's (a grey image feeding an RGB model
 * has R = G = B).
 */
export function writePooledFeatures(
  image: AugImage,
  channels: 1 | 3,
  out: Float32Array,
  offset: number,
): void {
  const { width, height } = image;
  const c = image.channels;
  const n = width * height;
  const lum = new Float32Array(n);
  const colourBin = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const v = (k: number) => clamp255(image.data[p * c + (c === 1 ? 0 : k)]);
    if (channels === 1) {
      const g = v(0);
      lum[p] = g;
      colourBin[p] = Math.min(GREY_BINS - 1, Math.floor((g * GREY_BINS) / 256));
    } else {
      const r = v(0);
      const g = v(1);
      const b = v(2);
      lum[p] = (r + g + b) / 3;
      const q = (x: number) => Math.min(COLOUR_LEVELS - 1, Math.floor((x * COLOUR_LEVELS) / 256));
      colourBin[p] = (q(r) * COLOUR_LEVELS + q(g)) * COLOUR_LEVELS + q(b);
    }
  }
  const colours = channels === 1 ? GREY_BINS : COLOUR_LEVELS ** 3;
  const length = cellLength(channels);
  out.fill(0, offset, offset + CELLS * length);
  const cellCounts = new Float64Array(CELLS);
  const magnitudeSums = new Float64Array(CELLS);
  let firstCell = 0;
  for (const grid of GRIDS) {
    for (let y = 0; y < height; y++) {
      const cy = Math.min(grid - 1, Math.floor((y * grid) / height));
      for (let x = 0; x < width; x++) {
        const cell = firstCell + cy * grid + Math.min(grid - 1, Math.floor((x * grid) / width));
        const base = offset + cell * length;
        const p = y * width + x;
        out[base + colourBin[p]]++;
        cellCounts[cell]++;
        // Central differences, clamped at the border.
        const gx = lum[y * width + Math.min(width - 1, x + 1)] - lum[y * width + Math.max(0, x - 1)];
        const gy = lum[Math.min(height - 1, y + 1) * width + x] - lum[Math.max(0, y - 1) * width + x];
        const magnitude = Math.hypot(gx, gy);
        if (magnitude === 0) continue;
        magnitudeSums[cell] += magnitude;
        // Unsigned orientation in [0, ORIENTATIONS), split linearly between the two nearest bins.
        let angle = Math.atan2(gy, gx);
        if (angle < 0) angle += Math.PI;
        const position = (angle / Math.PI) * ORIENTATIONS - 0.5;
        const low = Math.floor(position);
        const share = position - low;
        const bin = (i: number) => base + colours + (((i % ORIENTATIONS) + ORIENTATIONS) % ORIENTATIONS);
        out[bin(low)] += magnitude * (1 - share);
        out[bin(low + 1)] += magnitude * share;
      }
    }
    firstCell += grid * grid;
  }
  for (let cell = 0; cell < CELLS; cell++) {
    const base = offset + cell * length;
    const count = Math.max(1, cellCounts[cell]);
    for (let i = 0; i < colours; i++) out[base + i] = Math.sqrt(out[base + i] / count);
    const total = magnitudeSums[cell];
    for (let i = 0; i < ORIENTATIONS; i++)
      out[base + colours + i] = total > 0 ? Math.sqrt(out[base + colours + i] / total) : 0;
    // Mean edge strength, 0..1 (a central difference spans two pixels).
    out[base + colours + ORIENTATIONS] = Math.min(1, total / count / 510);
  }
}

function clamp255(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : v;
}
