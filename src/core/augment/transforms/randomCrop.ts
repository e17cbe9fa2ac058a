import { cropResize } from '../ops/resize';
import { defineTransform } from '../transform';
import { cropAtScale, cropOutputSize, type CropParams } from './randomResizedCrop';

/** Keras RandomCrop: a random window of `size`; smaller images give their largest centred window of that aspect. */
export const randomCrop = defineTransform({
  name: 'randomCrop',
  kind: 'geometry',
  doc:
    'Crops a random window of `size` ([height, width] pixels), as Keras RandomCrop. An image smaller than `size` ' +
    'gives its largest centred window with the target aspect ratio, resized to `size` (Keras does the same).',
  defaultP: 1,
  options: {
    size: { type: 'size', required: true, doc: 'Window [height, width] in pixels.' },
  },
  sampleParams: (rng, image, o): CropParams => {
    const [outHeight, outWidth] = o.size;
    if (image.height >= outHeight && image.width >= outWidth) {
      const top = rng.int(0, image.height - outHeight);
      const left = rng.int(0, image.width - outWidth);
      return {
        top,
        left,
        height: outHeight,
        width: outWidth,
        outHeight,
        outWidth,
        interpolation: 'bilinear',
      };
    }
    const scale = Math.min(image.height / outHeight, image.width / outWidth);
    const height = Math.max(1, Math.round(outHeight * scale));
    const width = Math.max(1, Math.round(outWidth * scale));
    const top = Math.floor((image.height - height) / 2);
    const left = Math.floor((image.width - width) / 2);
    return { top, left, height, width, outHeight, outWidth, interpolation: 'bilinear' };
  },
  apply: (image, p) => cropResize(image, p, p.outHeight, p.outWidth, p.interpolation),
  atScale: cropAtScale,
  outputSize: cropOutputSize,
  describe: (p) => `crop ${p.width}x${p.height}@${p.left},${p.top}`,
});
