/** For each output sample along one axis: the first source sample, how many, and their weights. */
export interface AxisWeights<W extends Float32Array | Float64Array = Float32Array> {
  start: Int32Array;
  count: Int32Array;
  /** `stride` weights per output sample (the first `count` used). */
  weight: W;
  stride: number;
}

const cache = new Map<string, AxisWeights>();

/**
 * Resampling weights along one axis: the area each output cell covers (a box average, PIL's BOX and OpenCV's
 * INTER_AREA) when shrinking, so a photo reaches the model without aliasing; linear interpolation between pixel
 * centres (half-pixel alignment, as PIL's and TensorFlow's bilinear resize) when enlarging, so a 28 px image is
 * smooth at 128 px rather than blocky.
 */
export function axisWeights(inSize: number, outSize: number): AxisWeights {
  const key = `${inSize}:${outSize}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const weights =
    inSize >= outSize ? areaWeights(inSize, outSize, Float32Array) : linearWeights(inSize, outSize);
  cache.set(key, weights);
  return weights;
}

/**
 * Area weights (the overlap of each output cell with each source sample, normalised): a true box average for any
 * ratio, stored in `Weights` (float32 for the model's input here, float64 for the probe's areaResize).
 */
export function areaWeights<W extends Float32Array | Float64Array>(
  inSize: number,
  outSize: number,
  Weights: new (length: number) => W,
): AxisWeights<W> {
  const scale = inSize / outSize;
  const stride = Math.ceil(scale) + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weight = new Weights(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const first = Math.min(inSize - 1, Math.floor(lo));
    start[o] = first;
    let n = 0;
    for (let i = first; i < Math.min(inSize, Math.ceil(hi)); i++) {
      weight[o * stride + n++] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    }
    count[o] = n;
  }
  return { start, count, weight, stride };
}

function linearWeights(inSize: number, outSize: number): AxisWeights {
  const stride = 2;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize).fill(2);
  const weight = new Float32Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const at = Math.min(Math.max(((o + 0.5) * inSize) / outSize - 0.5, 0), inSize - 1);
    const first = Math.min(Math.floor(at), Math.max(0, inSize - 2));
    const t = inSize === 1 ? 0 : at - first;
    start[o] = first;
    weight[o * stride] = 1 - t;
    weight[o * stride + 1] = t;
    if (inSize === 1) count[o] = 1;
  }
  return { start, count, weight, stride };
}

/**
 * Resizes interleaved samples (`channels` per pixel, `stride` values apart per pixel in `src`) to
 * width x height, separably (rows first). Output: float samples, `channels` per pixel, same scale as the input.
 */
export function resample(
  src: ArrayLike<number>,
  inWidth: number,
  inHeight: number,
  stride: number,
  channels: number,
  width: number,
  height: number,
): Float32Array {
  const xs = axisWeights(inWidth, width);
  const ys = axisWeights(inHeight, height);
  const rows = new Float32Array(inHeight * width * channels);
  for (let y = 0; y < inHeight; y++) {
    const inRow = y * inWidth * stride;
    const outRow = y * width * channels;
    for (let ox = 0; ox < width; ox++) {
      const o = outRow + ox * channels;
      for (let i = 0; i < xs.count[ox]; i++) {
        const w = xs.weight[ox * xs.stride + i];
        const p = inRow + (xs.start[ox] + i) * stride;
        for (let c = 0; c < channels; c++) rows[o + c] += w * src[p + c];
      }
    }
  }
  const out = new Float32Array(width * height * channels);
  const rowLength = width * channels;
  for (let oy = 0; oy < height; oy++) {
    const o = oy * rowLength;
    for (let j = 0; j < ys.count[oy]; j++) {
      const w = ys.weight[oy * ys.stride + j];
      const p = (ys.start[oy] + j) * rowLength;
      for (let k = 0; k < rowLength; k++) out[o + k] += w * rows[p + k];
    }
  }
  return out;
}
