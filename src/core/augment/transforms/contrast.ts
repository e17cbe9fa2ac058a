import { blankLike } from '../augImage';
import { scaleContrast } from '../ops/colour';
import { defineTransform, uniform } from '../transform';

export type ContrastParams = { factor: number; mean: 'channel' | 'luma' };

/** Keras RandomContrast: (x - mean) * f + mean per channel; or torchvision's blend with the mean luma. */
export const contrast = defineTransform({
  name: 'contrast',
  kind: 'colour',
  doc:
    'Scales contrast by a factor f from `factor` ([min, max]): (x - mean) * f + mean, clipped to 0..255. ' +
    '`mean: "channel"` uses each channel\'s own mean, as Keras RandomContrast (whose factor=(a, b) means ' +
    '[1 - a, 1 + b]); `mean: "luma"` uses the mean grey level for all channels, as torchvision ColorJitter(contrast).',
  defaultP: 1,
  options: {
    factor: {
      type: 'range',
      min: 0,
      max: 10,
      default: [0.8, 1.2],
      doc: 'Contrast multiplier range (1 = unchanged).',
    },
    mean: {
      type: 'enum',
      values: ['channel', 'luma'],
      default: 'channel',
      doc: 'Mean to scale about: per channel (Keras) or the image mean luma (torchvision).',
    },
  },
  sampleParams: (rng, _image, o): ContrastParams => ({ factor: uniform(rng, o.factor), mean: o.mean }),
  apply: (image, p) => {
    const out = blankLike(image);
    scaleContrast(image.data, out.data, image.channels, p.factor, p.mean === 'luma');
    return out;
  },
  describe: (p) => `contrast x${p.factor.toFixed(2)}`,
});
