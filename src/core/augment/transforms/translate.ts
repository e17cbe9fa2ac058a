import { translationMatrix } from '../ops/matrices';
import { warpProjective } from '../ops/warp';
import { warpParams, type WarpParams } from '../ops/warpParams';
import { WARP_OPTIONS } from '../optionSpec';
import { defineTransform, uniform } from '../transform';

export type TranslateParams = WarpParams & { x: number; y: number };

/** Keras RandomTranslation: shifts by fractions of the width and height (positive = right / down). */
export const translate = defineTransform({
  name: 'translate',
  kind: 'geometry',
  doc:
    'Shifts the image by x * width and y * height pixels, x and y drawn from `x` and `y` ([min, max] fractions; ' +
    'positive moves right / down), as Keras RandomTranslation(height_factor=y, width_factor=x).',
  defaultP: 1,
  options: {
    x: {
      type: 'range',
      min: -1,
      max: 1,
      default: [-0.1, 0.1],
      doc: 'Horizontal shift range, fraction of width.',
    },
    y: {
      type: 'range',
      min: -1,
      max: 1,
      default: [-0.1, 0.1],
      doc: 'Vertical shift range, fraction of height.',
    },
    ...WARP_OPTIONS,
  },
  sampleParams: (rng, _image, o): TranslateParams => {
    // Keras draws the height shift first.
    const y = uniform(rng, o.y);
    const x = uniform(rng, o.x);
    return { x, y, ...warpParams(o) };
  },
  apply: (image, p) => warpProjective(image, translationMatrix(p.x * image.width, p.y * image.height), p),
  describe: (p) => `shift ${Math.round(p.x * 100)}%,${Math.round(p.y * 100)}%`,
});
