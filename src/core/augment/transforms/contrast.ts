import { blankLike } from '../augImage';
import { clamp255, LUMA_B, LUMA_G, LUMA_R } from '../ops/colour';
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
    const means = channelMeans(image.data, image.channels);
    const centre =
      p.mean === 'luma' && image.channels === 3
        ? [LUMA_R * means[0] + LUMA_G * means[1] + LUMA_B * means[2]]
        : means;
    const out = blankLike(image);
    const src = image.data;
    const dst = out.data;
    const f = p.factor;
    // One pass per centre channel (a stride of 1 when one centre serves all), not a modulo per value.
    const stride = centre.length === 1 ? 1 : image.channels;
    for (let k = 0; k < stride; k++) {
      const m = centre[k];
      for (let i = k; i < src.length; i += stride) dst[i] = clamp255((src[i] - m) * f + m);
    }
    return out;
  },
  describe: (p) => `contrast x${p.factor.toFixed(2)}`,
});

/** Per-channel means in float64 (the mean luma is the luma of these, by linearity). */
export function channelMeans(data: Float32Array, channels: number): number[] {
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < data.length; i += channels) for (let c = 0; c < channels; c++) sums[c] += data[i + c];
  const pixels = data.length / channels;
  return sums.map((s) => s / pixels);
}
