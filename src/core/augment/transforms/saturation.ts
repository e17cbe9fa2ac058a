import { blankLike } from '../augImage';
import { clamp255, LUMA_B, LUMA_G, LUMA_R } from '../ops/colour';
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
    const src = image.data;
    if (image.channels === 1) {
      out.data.set(src);
      return out;
    }
    const f = p.factor;
    const dst = out.data;
    for (let i = 0; i < src.length; i += 3) {
      const grey = LUMA_R * src[i] + LUMA_G * src[i + 1] + LUMA_B * src[i + 2];
      dst[i] = clamp255(grey + f * (src[i] - grey));
      dst[i + 1] = clamp255(grey + f * (src[i + 1] - grey));
      dst[i + 2] = clamp255(grey + f * (src[i + 2] - grey));
    }
    return out;
  },
  describe: (p) => `sat x${p.factor.toFixed(2)}`,
});
