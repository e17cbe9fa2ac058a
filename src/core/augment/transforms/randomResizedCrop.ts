import type { ImageSize } from '../augImage';
import type { Rng } from '../../util/rng';
import { cropResize } from '../ops/resize';
import { INTERPOLATIONS, type Interpolation } from '../optionSpec';
import { defineTransform, scaledSpan, uniform } from '../transform';

export type CropParams = {
  top: number;
  left: number;
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  interpolation: Interpolation;
};

/** torchvision RandomResizedCrop: a random area fraction and aspect ratio, resized to `size`. */
export const randomResizedCrop = defineTransform({
  name: 'randomResizedCrop',
  kind: 'geometry',
  doc:
    'Crops a window covering a random fraction `scale` of the area with a random aspect ratio (log-uniform in ' +
    '`ratio`), then resizes it to `size` ([height, width]; default: the source size). Sampling follows torchvision ' +
    'RandomResizedCrop (10 tries, then a centre crop); resizing follows tf.image.resize (half-pixel centres).',
  defaultP: 1,
  options: {
    size: { type: 'size', doc: 'Output [height, width] in pixels (default: the size of the source image).' },
    scale: { type: 'range', min: 0, max: 1, default: [0.08, 1], doc: 'Fraction of the image area to crop.' },
    ratio: {
      type: 'range',
      min: 0.05,
      max: 20,
      default: [3 / 4, 4 / 3],
      doc: 'Aspect ratio (width / height) range.',
    },
    interpolation: { type: 'enum', values: INTERPOLATIONS, default: 'bilinear', doc: 'Resampling filter.' },
  },
  check: (o) =>
    o.scale[1] <= 0 ? [{ option: 'scale', expected: 'a maximum above 0', received: o.scale }] : [],
  sampleParams: (rng, image, o): CropParams => {
    const [outHeight, outWidth] = o.size ?? [image.height, image.width];
    return {
      ...sampleWindow(rng, image, o.scale, o.ratio),
      outHeight,
      outWidth,
      interpolation: o.interpolation,
    };
  },
  apply: (image, p) => cropResize(image, p, p.outHeight, p.outWidth, p.interpolation),
  atScale: cropAtScale,
  outputSize: cropOutputSize,
  describe: (p) => `crop ${p.width}x${p.height}@${p.left},${p.top} to ${p.outWidth}x${p.outHeight}`,
});

/** A crop's window and output size on the image resized from `full` to `working`. */
export function cropAtScale(p: CropParams, full: ImageSize, working: ImageSize): CropParams {
  const [left, width] = scaledSpan(p.left, p.width, full.width, working.width);
  const [top, height] = scaledSpan(p.top, p.height, full.height, working.height);
  const outWidth = Math.max(1, Math.round((p.outWidth * working.width) / full.width));
  const outHeight = Math.max(1, Math.round((p.outHeight * working.height) / full.height));
  return { ...p, top, left, height, width, outHeight, outWidth };
}

export function cropOutputSize(p: CropParams): ImageSize {
  return { width: p.outWidth, height: p.outHeight };
}

/** torchvision RandomResizedCrop.get_params, draw for draw. */
function sampleWindow(
  rng: Rng,
  image: ImageSize,
  scale: readonly [number, number],
  ratio: readonly [number, number],
) {
  const { width, height } = image;
  const area = width * height;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * uniform(rng, scale);
    const aspect = Math.exp(uniform(rng, logRatio));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: rng.int(0, height - h), left: rng.int(0, width - w), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) h = roundHalfEven(w / ratio[0]);
  else if (inRatio > ratio[1]) w = roundHalfEven(h * ratio[1]);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** Python's round(): halves to even. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
