import { flipUpDown } from '../ops/flip';
import { defineTransform } from '../transform';

/** Mirror top-bottom: Keras RandomFlip("vertical"), torchvision RandomVerticalFlip. */
export const flipVertical = defineTransform({
  name: 'flipVertical',
  kind: 'geometry',
  doc: 'Mirrors the image top-bottom (Keras RandomFlip("vertical"), torchvision RandomVerticalFlip).',
  defaultP: 0.5,
  options: {},
  sampleParams: () => ({}),
  apply: (image) => flipUpDown(image),
  describe: () => 'flip V',
});
