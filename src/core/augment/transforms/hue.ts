import { blankLike } from '../augImage';
import { shiftHue } from '../ops/colour';
import { defineTransform, uniform } from '../transform';

export type HueParams = { delta: number };

/** tf.image.adjust_hue / torchvision ColorJitter(hue): rotate the hue by delta turns in HSV. */
export const hue = defineTransform({
  name: 'hue',
  kind: 'colour',
  doc:
    'Rotates the hue by a delta from `delta` ([min, max], fractions of a full turn, within -0.5..0.5) in HSV, as ' +
    'tf.image.adjust_hue and torchvision ColorJitter(hue). Grey images are left unchanged.',
  defaultP: 1,
  options: {
    delta: { type: 'range', min: -0.5, max: 0.5, default: [-0.05, 0.05], doc: 'Hue shift range, turns.' },
  },
  sampleParams: (rng, _image, o): HueParams => ({ delta: uniform(rng, o.delta) }),
  apply: (image, p) => {
    const out = blankLike(image);
    if (image.channels === 1) out.data.set(image.data);
    else shiftHue(image.data, out.data, p.delta);
    return out;
  },
  describe: (p) => `hue ${p.delta >= 0 ? '+' : ''}${(p.delta * 360).toFixed(0)}°`,
});
