import { createRng } from '../../util/rng';
import { blankLike } from '../augImage';
import { clamp255 } from '../ops/colour';
import { fillStandardNormal } from '../ops/normal';
import { defineTransform, uniform } from '../transform';

export type GaussianNoiseParams = { std: number; noiseSeed: number };

/** Additive Gaussian noise; the noise field comes from a seed drawn by the sampler, so apply stays pure. */
export const gaussianNoise = defineTransform({
  name: 'gaussianNoise',
  kind: 'noise',
  doc:
    'Adds Gaussian noise with a standard deviation drawn from `std` ([min, max], fractions of 255), independently ' +
    'per sample, clipped to 0..255 (Keras GaussianNoise(stddev) on 0..1 inputs; albumentations GaussNoise).',
  defaultP: 1,
  options: {
    std: {
      type: 'range',
      min: 0,
      max: 1,
      default: [0.01, 0.05],
      doc: 'Noise standard deviation range, fraction of 255.',
    },
  },
  sampleParams: (rng, _image, o): GaussianNoiseParams => ({
    std: uniform(rng, o.std),
    noiseSeed: rng.int(0, 0x7fffffff),
  }),
  apply: (image, p) => {
    const out = blankLike(image);
    fillStandardNormal(createRng(p.noiseSeed), out.data);
    const sigma = p.std * 255;
    const src = image.data;
    for (let i = 0; i < src.length; i++) out.data[i] = clamp255(src[i] + sigma * out.data[i]);
    return out;
  },
  describe: (p) => `noise σ${(p.std * 255).toFixed(1)}`,
});
