import { rotationMatrix } from '../ops/matrices';
import { warpProjective } from '../ops/warp';
import { warpParams, type WarpParams } from '../ops/warpParams';
import { WARP_OPTIONS } from '../optionSpec';
import { defineTransform, round4, uniform } from '../transform';

export type RotateParams = WarpParams & { degrees: number };

/** Keras RandomRotation: angle from `degrees` or from `factor` (a fraction of a full turn), counter-clockwise. */
export const rotate = defineTransform({
  name: 'rotate',
  kind: 'geometry',
  doc:
    'Rotates about the centre by an angle drawn from `degrees` ([min, max], counter-clockwise positive), or from ' +
    '`factor` as Keras RandomRotation does (fraction of 2π: factor [-0.1, 0.1] is ±36°). Give one of them; ' +
    'the default is degrees [-15, 15].',
  defaultP: 1,
  options: {
    degrees: {
      type: 'range',
      min: -360,
      max: 360,
      doc: 'Angle range in degrees, counter-clockwise positive.',
    },
    factor: {
      type: 'range',
      min: -1,
      max: 1,
      doc: 'Keras RandomRotation factor: angle range as a fraction of 2π.',
      derivedFrom: { option: 'degrees', scale: 1 / 360 },
    },
    ...WARP_OPTIONS,
  },
  check: (o) =>
    o.degrees !== undefined && o.factor !== undefined
      ? [{ option: 'factor', expected: 'either degrees or factor, not both', received: o.factor }]
      : [],
  sampleParams: (rng, _image, o): RotateParams => {
    const range = o.factor
      ? ([o.factor[0] * 360, o.factor[1] * 360] as const)
      : (o.degrees ?? ([-15, 15] as const));
    return { degrees: uniform(rng, range), ...warpParams(o) };
  },
  apply: (image, p) =>
    warpProjective(image, rotationMatrix((p.degrees * Math.PI) / 180, image.width, image.height), p),
  describe: (p) => `rotate ${round4(p.degrees).toFixed(1)}°`,
});
