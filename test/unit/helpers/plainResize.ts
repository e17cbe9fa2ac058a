import { lanczosWeights } from '../../../src/core/quality/pilLanczos';

/** Pillow's two passes written plainly, one output value at a time (ImagingResampleHorizontal/Vertical_8bpc). */
export function plainResize(img: Uint8Array, w: number, h: number, ow: number, oh: number): Uint8Array {
  const clip = (sum: number) => Math.min(255, Math.max(0, sum >> 22));
  const horizontal = lanczosWeights(w, ow);
  const vertical = lanczosWeights(h, oh);
  const first = vertical.start[0];
  const last = vertical.start[oh - 1] + vertical.count[oh - 1];
  const temp = new Uint8Array((last - first) * ow);
  for (let y = first; y < last; y++)
    for (let xx = 0; xx < ow; xx++) {
      if (w === ow) {
        temp[(y - first) * ow + xx] = img[y * w + xx];
        continue;
      }
      let sum = 1 << 21;
      for (let t = 0; t < horizontal.count[xx]; t++)
        sum += img[y * w + horizontal.start[xx] + t] * horizontal.weights[xx * horizontal.taps + t];
      temp[(y - first) * ow + xx] = clip(sum);
    }
  if (h === oh) return temp;
  const out = new Uint8Array(ow * oh);
  for (let yy = 0; yy < oh; yy++)
    for (let x = 0; x < ow; x++) {
      let sum = 1 << 21;
      for (let t = 0; t < vertical.count[yy]; t++)
        sum += temp[(vertical.start[yy] - first + t) * ow + x] * vertical.weights[yy * vertical.taps + t];
      out[yy * ow + x] = clip(sum);
    }
  return out;
}
