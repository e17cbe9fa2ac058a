import { wasmBrighten, wasmContrast, wasmSaturate } from './colourWasm';

/** Luma weights of ITU-R BT.601, as PIL's convert('L'), tf.image.rgb_to_grayscale and torchvision use. */
export const LUMA_R = 0.299;
export const LUMA_G = 0.587;
export const LUMA_B = 0.114;

export function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Luma of every pixel of an interleaved RGB float buffer. */
export function lumaOf(rgb: Float32Array): Float32Array {
  const pixels = rgb.length / 3;
  const out = new Float32Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += 3)
    out[p] = LUMA_R * rgb[i] + LUMA_G * rgb[i + 1] + LUMA_B * rgb[i + 2];
  return out;
}

/**
 * Shifts hue by `delta` turns (tf.image.adjust_hue): RGB -> HSV, h += delta mod 1, -> RGB.
 * Works on the 0..255 scale directly: HSV is scale-free in V.
 */
export function shiftHue(src: Float32Array, dst: Float32Array, delta: number): void {
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i];
    const g = src[i + 1];
    const b = src[i + 2];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const chroma = max - min;
    if (chroma <= 0) {
      set3(dst, i, r, g, b);
      continue;
    }
    let h: number;
    if (max === r) h = (g - b) / chroma / 6;
    else if (max === g) h = ((b - r) / chroma + 2) / 6;
    else h = ((r - g) / chroma + 4) / 6;
    h += delta;
    h -= Math.floor(h);
    // HSV -> RGB with s = chroma / max, v = max.
    const h6 = h * 6;
    const sector = Math.floor(h6) % 6;
    const f = h6 - Math.floor(h6);
    const p = max - chroma;
    const q = max - chroma * f;
    const t = max - chroma * (1 - f);
    // Allocation-free sector switch: this loop runs once per pixel.
    switch (sector) {
      case 0:
        set3(dst, i, max, t, p);
        break;
      case 1:
        set3(dst, i, q, max, p);
        break;
      case 2:
        set3(dst, i, p, max, t);
        break;
      case 3:
        set3(dst, i, p, q, max);
        break;
      case 4:
        set3(dst, i, t, p, max);
        break;
      default:
        set3(dst, i, max, p, q);
    }
  }
}

function set3(dst: Float32Array, i: number, r: number, g: number, b: number): void {
  dst[i] = r;
  dst[i + 1] = g;
  dst[i + 2] = b;
}

/**
 * Samples from which a colour pass goes to WebAssembly (colourWasm.ts): below, copying in and out costs more than
 * it saves, as for toBytes.
 */
const WASM_FROM = 4096;

/** brightness: src * factor + add, clipped to 0..255. `dst` may be `src`. */
export function brighten(src: Float32Array, dst: Float32Array, factor: number, add: number): void {
  if (src.length >= WASM_FROM && wasmBrighten(src, dst, factor, add)) return;
  brightenInJs(src, dst, factor, add);
}

/** brighten in JavaScript: what the kernel must give, bit for bit. */
export function brightenInJs(src: Float32Array, dst: Float32Array, factor: number, add: number): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] * factor + add;
    dst[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/**
 * contrast: (x - mean) * f + mean, clipped; the mean per channel, or with `luma` on RGB the mean luma for all
 * channels. One pass per centre channel (a stride of 1 when one centre serves all). `dst` may be `src`.
 */
export function scaleContrast(
  src: Float32Array,
  dst: Float32Array,
  channels: number,
  f: number,
  luma: boolean,
): void {
  const means = channelMeans(src, channels);
  const centre = luma && channels === 3 ? [LUMA_R * means[0] + LUMA_G * means[1] + LUMA_B * means[2]] : means;
  if (src.length >= WASM_FROM && wasmContrast(src, dst, f, centre)) return;
  contrastInJs(src, dst, f, centre);
}

/** The contrast pass in JavaScript, sample i centred on centre[i % centre.length]: what the kernel must give. */
export function contrastInJs(
  src: Float32Array,
  dst: Float32Array,
  f: number,
  centre: readonly number[],
): void {
  const stride = centre.length;
  for (let k = 0; k < stride; k++) {
    const m = centre[k];
    for (let i = k; i < src.length; i += stride) {
      const v = (src[i] - m) * f + m;
      dst[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

/** saturation on RGB: grey + f * (x - grey) per pixel, clipped. `dst` may be `src`. */
export function saturate(src: Float32Array, dst: Float32Array, f: number): void {
  if (src.length >= WASM_FROM && wasmSaturate(src, dst, f, [LUMA_R, LUMA_G, LUMA_B])) return;
  saturateInJs(src, dst, f);
}

/** saturate in JavaScript: what the kernel must give, bit for bit. */
export function saturateInJs(src: Float32Array, dst: Float32Array, f: number): void {
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i];
    const g = src[i + 1];
    const b = src[i + 2];
    const grey = LUMA_R * r + LUMA_G * g + LUMA_B * b;
    const r2 = grey + f * (r - grey);
    const g2 = grey + f * (g - grey);
    const b2 = grey + f * (b - grey);
    dst[i] = r2 < 0 ? 0 : r2 > 255 ? 255 : r2;
    dst[i + 1] = g2 < 0 ? 0 : g2 > 255 ? 255 : g2;
    dst[i + 2] = b2 < 0 ? 0 : b2 > 255 ? 255 : b2;
  }
}

/** Per-channel means in float64 (the mean luma is the luma of these, by linearity). */
export function channelMeans(data: Float32Array, channels: number): number[] {
  if (channels === 3) return rgbMeans(data);
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < data.length; i += channels) for (let c = 0; c < channels; c++) sums[c] += data[i + c];
  const pixels = data.length / channels;
  return sums.map((s) => s / pixels);
}

/**
 * channelMeans of RGB with a local sum per channel: each channel's sum adds the same values in the same order, so
 * the same doubles, in a third of the time of the array of sums (measured).
 */
function rgbMeans(data: Float32Array): number[] {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < data.length; i += 3) {
    r += data[i];
    g += data[i + 1];
    b += data[i + 2];
  }
  const pixels = data.length / 3;
  return [r / pixels, g / pixels, b / pixels];
}
