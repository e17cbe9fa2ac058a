import { flipLeftRight } from '../ops/flip';
import { defineTransform } from '../transform';

/** Mirror left-right: Keras RandomFlip("horizontal"), torchvision RandomHorizontalFlip. */
export const flipHorizontal = defineTransform({
  name: 'flipHorizontal',
  kind: 'geometry',
  doc: 'Mirrors the image left-right (Keras RandomFlip("horizontal"), torchvision RandomHorizontalFlip).',
  defaultP: 0.5,
  options: {},
  sampleParams: () => ({}),
  apply: (image) => flipLeftRight(image),
  describe: () => 'flip H',
});
