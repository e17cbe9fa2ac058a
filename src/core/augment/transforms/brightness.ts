import { blankLike } from '../augImage';
import { brighten } from '../ops/colour';
import { defineTransform, uniform } from '../transform';

export type BrightnessParams = { delta: number; factor: number };

/** Keras RandomBrightness (additive `delta`) or torchvision ColorJitter brightness (multiplicative `factor`). */
export const brightness = defineTransform({
  name: 'brightness',
  kind: 'colour',
  doc:
    'Changes brightness. `delta` ([min, max], fractions of 255) adds delta * 255 as Keras RandomBrightness ' +
    '(factor=delta, value_range=(0, 255)); `factor` ([min, max]) multiplies as torchvision ColorJitter(brightness) ' +
    'and PIL ImageEnhance.Brightness. Give one; the default is delta [-0.2, 0.2]. Results are clipped to 0..255.',
  defaultP: 1,
  options: {
    delta: { type: 'range', min: -1, max: 1, doc: 'Additive change range, fraction of 255 (Keras).' },
    factor: { type: 'range', min: 0, max: 10, doc: 'Multiplier range (torchvision / PIL).' },
  },
  check: (o) =>
    o.delta !== undefined && o.factor !== undefined
      ? [{ option: 'factor', expected: 'either delta or factor, not both', received: o.factor }]
      : [],
  sampleParams: (rng, _image, o): BrightnessParams =>
    o.factor
      ? { delta: 0, factor: uniform(rng, o.factor) }
      : { delta: uniform(rng, o.delta ?? [-0.2, 0.2]), factor: 1 },
  apply: (image, p) => {
    const out = blankLike(image);
    brighten(image.data, out.data, p.factor, p.delta * 255);
    return out;
  },
  describe: (p) =>
    p.factor !== 1
      ? `bright x${p.factor.toFixed(2)}`
      : `bright ${p.delta >= 0 ? '+' : ''}${(p.delta * 255).toFixed(0)}`,
});
