import type { AugImage } from '../augImage';
import { createImageToOverwrite } from '../augImage';
import type { Interpolation } from '../optionSpec';

/** A window of the source image, in pixels. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * Crops `box` out of `image` and resizes it to outHeight x outWidth with tf.image.resize semantics
 * (half-pixel centres, no antialiasing): what Keras' Resizing and RandomCrop layers do.
 * Separable loops with precomputed weights, faster than tfjs-wasm's ResizeBilinear with the tensor round trip
 * (BENCHMARKS.md); equal to tf.image.resizeBilinear (augmentWarp.test.ts). `mirror` writes the result mirrored
 * left-right (a horizontal flip after the crop, without a pass of its own): output column x is computed exactly as
 * column outWidth - 1 - x is without it.
 */
export function cropResize(
  image: AugImage,
  box: CropBox,
  outHeight: number,
  outWidth: number,
  interpolation: Interpolation,
  mirror = false,
): AugImage {
  const { channels } = image;
  const out = createImageToOverwrite(outWidth, outHeight, channels);
  const xs = axisWeights(box.left, box.width, outWidth, interpolation);
  if (mirror) {
    xs.lower.reverse();
    xs.upper.reverse();
    xs.lerp.reverse();
  }
  const ys = axisWeights(box.top, box.height, outHeight, interpolation);
  const src = image.data;
  const dst = out.data;
  const rowStride = image.width * channels;
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const r0 = ys.lower[y] * rowStride;
    const r1 = ys.upper[y] * rowStride;
    const wy = ys.lerp[y];
    for (let x = 0; x < outWidth; x++, o += channels) {
      const c0 = xs.lower[x] * channels;
      const c1 = xs.upper[x] * channels;
      const wx = xs.lerp[x];
      if (channels === 3) {
        // RGB unrolled: the same expression per channel as the loop below.
        const a = r0 + c0;
        const b = r0 + c1;
        const d = r1 + c0;
        const e = r1 + c1;
        const top0 = src[a] + (src[b] - src[a]) * wx;
        const bottom0 = src[d] + (src[e] - src[d]) * wx;
        dst[o] = top0 + (bottom0 - top0) * wy;
        const top1 = src[a + 1] + (src[b + 1] - src[a + 1]) * wx;
        const bottom1 = src[d + 1] + (src[e + 1] - src[d + 1]) * wx;
        dst[o + 1] = top1 + (bottom1 - top1) * wy;
        const top2 = src[a + 2] + (src[b + 2] - src[a + 2]) * wx;
        const bottom2 = src[d + 2] + (src[e + 2] - src[d + 2]) * wx;
        dst[o + 2] = top2 + (bottom2 - top2) * wy;
        continue;
      }
      for (let c = 0; c < channels; c++) {
        const top = src[r0 + c0 + c] + (src[r0 + c1 + c] - src[r0 + c0 + c]) * wx;
        const bottom = src[r1 + c0 + c] + (src[r1 + c1 + c] - src[r1 + c0 + c]) * wx;
        dst[o + c] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}

/** TF's compute_interpolation_weights with half_pixel_centers, offset to the crop window. */
function axisWeights(start: number, inSize: number, outSize: number, interpolation: Interpolation) {
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const lerp = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    if (interpolation === 'nearest') {
      // tf.image.resize nearest with half-pixel centres: floor of the unshifted centre, clamped. In float32, as
      // TF's kernel and torch's nearest-exact: in doubles 27.5 * 18 / 33 falls just under 15 and took pixel 14.
      const n = Math.min(inSize - 1, Math.max(0, Math.floor(Math.fround((i + 0.5) * Math.fround(scale)))));
      lower[i] = upper[i] = start + n;
      continue;
    }
    const floor = Math.floor(centre);
    lower[i] = start + Math.max(floor, 0);
    upper[i] = start + Math.min(Math.ceil(centre), inSize - 1);
    lerp[i] = centre - floor;
  }
  return { lower, upper, lerp };
}
