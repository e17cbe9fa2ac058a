import { createRng } from '../../util/rng';
import { blankLike } from '../augImage';
import { defineTransform, scaledSpan, uniform } from '../transform';
import { roundHalfEven } from './randomResizedCrop';

export type CutoutParams = {
  top: number;
  left: number;
  height: number;
  width: number;
  value: number;
  fillSeed: number;
};

/** torchvision RandomErasing: erase a random rectangle (area fraction `scale`, aspect `ratio`). */
export const cutout = defineTransform({
  name: 'cutout',
  kind: 'noise',
  doc:
    'Random erasing (torchvision RandomErasing, default p 0.5): a rectangle covering a fraction `scale` of the ' +
    'area with aspect ratio log-uniform in `ratio` is filled with `value` (0..255), or with uniform random values ' +
    'when `fill` is "random". If no rectangle fits in 10 tries the image is unchanged.',
  defaultP: 0.5,
  options: {
    scale: { type: 'range', min: 0, max: 1, default: [0.02, 0.33], doc: 'Erased fraction of the area.' },
    ratio: {
      type: 'range',
      min: 0.05,
      max: 20,
      default: [0.3, 3.3],
      doc: 'Aspect ratio (height / width) range.',
    },
    fill: {
      type: 'enum',
      values: ['value', 'random'],
      default: 'value',
      doc: 'Fill with `value` or random noise.',
    },
    value: { type: 'number', min: 0, max: 255, default: 0, doc: 'Fill value for fill "value".' },
  },
  sampleParams: (rng, image, o): CutoutParams => {
    const { width, height } = image;
    const logRatio = [Math.log(o.ratio[0]), Math.log(o.ratio[1])] as const;
    const value = o.value;
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = width * height * uniform(rng, o.scale);
      const aspect = Math.exp(uniform(rng, logRatio));
      const h = roundHalfEven(Math.sqrt(area * aspect));
      const w = roundHalfEven(Math.sqrt(area / aspect));
      if (h > 0 && w > 0 && h < height && w < width) {
        const top = rng.int(0, height - h);
        const left = rng.int(0, width - w);
        return {
          top,
          left,
          height: h,
          width: w,
          value,
          fillSeed: o.fill === 'random' ? rng.int(1, 0x7fffffff) : 0,
        };
      }
    }
    return { top: 0, left: 0, height: 0, width: 0, value, fillSeed: 0 };
  },
  apply: (image, p) => {
    const out = blankLike(image);
    out.data.set(image.data);
    const c = image.channels;
    const noise = p.fillSeed ? createRng(p.fillSeed) : undefined;
    for (let y = p.top; y < p.top + p.height; y++) {
      const row = (y * image.width + p.left) * c;
      for (let i = 0; i < p.width * c; i++) out.data[row + i] = noise ? noise.int(0, 255) : p.value;
    }
    return out;
  },
  atScale: (p, full, working) => {
    if (p.height === 0) return p;
    const [left, width] = scaledSpan(p.left, p.width, full.width, working.width);
    const [top, height] = scaledSpan(p.top, p.height, full.height, working.height);
    return { ...p, top, left, height, width };
  },
  describe: (p) => (p.height ? `erase ${p.width}x${p.height}` : 'erase (none fit)'),
});
