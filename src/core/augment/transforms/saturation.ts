import { blankLike } from '../augImage';
import { saturate } from '../ops/colour';
import { defineTransform, uniform } from '../transform';

export type SaturationParams = { factor: number };

/** torchvision ColorJitter(saturation) / PIL ImageEnhance.Color: blend each pixel with its own grey. */
export const saturation = defineTransform({
  name: 'saturation',
  kind: 'colour',
  doc:
    'Scales saturation by a factor from `factor` ([min, max]): each pixel is blended with its grey level, ' +
    'grey + f * (x - grey), as torchvision ColorJitter(saturation) and PIL ImageEnhance.Color (0 = grey, 1 = ' +
    'unchanged). Keras 3 RandomSaturation scales HSV saturation instead. Grey images are left unchanged.',
  defaultP: 1,
  options: {
    factor: { type: 'range', min: 0, max: 10, default: [0.8, 1.2], doc: 'Saturation multiplier range.' },
  },
  sampleParams: (rng, _image, o): SaturationParams => ({ factor: uniform(rng, o.factor) }),
  apply: (image, p) => {
    const out = blankLike(image);
    if (image.channels === 1) out.data.set(image.data);
    else saturate(image.data, out.data, p.factor);
    return out;
  },
  describe: (p) => `sat x${p.factor.toFixed(2)}`,
});
