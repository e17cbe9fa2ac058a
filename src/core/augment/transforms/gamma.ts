import { blankLike } from '../augImage';
import { defineTransform, uniform } from '../transform';

export type GammaParams = { gamma: number };

/** torchvision adjust_gamma (gain 1): 255 * (x / 255) ^ gamma. */
export const gamma = defineTransform({
  name: 'gamma',
  kind: 'colour',
  doc:
    'Gamma correction with gamma from `gamma` ([min, max]): 255 * (x / 255)^gamma, as torchvision adjust_gamma ' +
    'and albumentations RandomGamma (gamma < 1 brightens the shadows).',
  defaultP: 1,
  options: {
    gamma: { type: 'range', min: 0.01, max: 10, default: [0.8, 1.2], doc: 'Exponent range.' },
  },
  sampleParams: (rng, _image, o): GammaParams => ({ gamma: uniform(rng, o.gamma) }),
  apply: (image, p) => {
    // A 256-entry table would round the input; the ops work on floats, so compute per sample.
    const out = blankLike(image);
    const src = image.data;
    for (let i = 0; i < src.length; i++) {
      const v = src[i] <= 0 ? 0 : src[i] >= 255 ? 255 : src[i];
      out.data[i] = 255 * Math.pow(v / 255, p.gamma);
    }
    return out;
  },
  describe: (p) => `gamma ${p.gamma.toFixed(2)}`,
});
