import { shearMatrix } from '../ops/matrices';
import { warpProjective } from '../ops/warp';
import { warpParams, type WarpParams } from '../ops/warpParams';
import { WARP_OPTIONS } from '../optionSpec';
import { defineTransform, uniform } from '../transform';

export type ShearParams = WarpParams & { x: number; y: number };

/** Shear about the centre by angles in degrees (torchvision RandomAffine(shear=...) style ranges). */
export const shear = defineTransform({
  name: 'shear',
  kind: 'geometry',
  doc:
    'Shears about the centre: output (x, y) reads the input at (x + tan(sx)(y - cy), y + tan(sy)(x - cx)), with sx ' +
    'from `x` and sy from `y` in degrees. tf.keras 2 has no shear layer; Keras 3 RandomShear and torchvision ' +
    'RandomAffine(shear) are close, not identical (see export-code comments).',
  defaultP: 1,
  options: {
    x: {
      type: 'range',
      min: -80,
      max: 80,
      default: [-10, 10],
      doc: 'Horizontal shear angle range, degrees.',
    },
    y: { type: 'range', min: -80, max: 80, default: [0, 0], doc: 'Vertical shear angle range, degrees.' },
    ...WARP_OPTIONS,
  },
  sampleParams: (rng, _image, o): ShearParams => {
    const x = uniform(rng, o.x);
    const y = uniform(rng, o.y);
    return { x, y, ...warpParams(o) };
  },
  apply: (image, p) => warpProjective(image, shearMatrix(p.x, p.y, image.width, image.height), p),
  describe: (p) => (p.y === 0 ? `shear ${p.x.toFixed(1)}°` : `shear ${p.x.toFixed(1)}°,${p.y.toFixed(1)}°`),
});
