const SIZE = 32;
const LOW = 8;

/** cos((2x + 1) u π / 64) for the 8 lowest frequencies u of a 32-point DCT-II, flat: [u * 32 + x]. */
const COSINES = Float64Array.from({ length: LOW * SIZE }, (_, k) =>
  Math.cos(((2 * (k % SIZE) + 1) * Math.floor(k / SIZE) * Math.PI) / (2 * SIZE)),
);

// Scratch buffers reused across calls: a worker hashes tens of thousands of images per second.
const rows = new Float64Array(SIZE * LOW);
const low = new Float64Array(LOW * LOW);
const sorted = new Float64Array(LOW * LOW);

/**
 * imagehash.phash: grey image resized to 32x32, 2-D DCT, the 8x8 lowest frequencies compared with their median.
 * Returns 16 hex digits (64 bits, row-major, most significant first). Near-identical pictures differ in few bits.
 */
export function perceptualHash(grey: Float64Array, width: number, height: number): string {
  const small = width === SIZE && height === SIZE ? grey : resizeArea(grey, width, height, SIZE, SIZE);
  // Rows first (32 rows x 8 frequencies), then columns (8 x 8): only the frequencies the hash keeps.
  for (let y = 0; y < SIZE; y++) {
    const base = y * SIZE;
    for (let u = 0; u < LOW; u++) {
      const c = u * SIZE;
      let s = 0;
      for (let x = 0; x < SIZE; x++) s += small[base + x] * COSINES[c + x];
      rows[y * LOW + u] = s;
    }
  }
  for (let v = 0; v < LOW; v++) {
    const c = v * SIZE;
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < SIZE; y++) s += rows[y * LOW + u] * COSINES[c + y];
      low[v * LOW + u] = s;
    }
  }
  sorted.set(low);
  sorted.sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    const k = nibble * 4;
    const value =
      ((low[k] > median ? 8 : 0) |
        (low[k + 1] > median ? 4 : 0) |
        (low[k + 2] > median ? 2 : 0) |
        (low[k + 3] > median ? 1 : 0)) >>>
      0;
    hex += HEX[value];
  }
  return hex;
}

const HEX = '0123456789abcdef';

/** Box-filter resize (each output pixel averages the input pixels it covers; at least the nearest one). */
export function resizeArea(src: Float64Array, sw: number, sh: number, dw: number, dh: number): Float64Array {
  const out = new Float64Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const y0 = Math.floor((y * sh) / dh);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / dh));
    for (let x = 0; x < dw; x++) {
      const x0 = Math.floor((x * sw) / dw);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sw) / dw));
      let s = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += src[yy * sw + xx];
      out[y * dw + x] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}
