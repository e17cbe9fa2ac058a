/**
 * One row per registered transform (more rows are welcome): options to run it with, and how its output size
 * relates to the input. test/unit/augment.test.ts fails when a registered transform has no row here.
 */
export interface TransformCase {
  name: string;
  options: Record<string, unknown>;
  /** Output [height, width] for a 24x32 input; default: unchanged. */
  outSize?: [number, number];
}

export const TRANSFORM_CASES: readonly TransformCase[] = [
  { name: 'flipHorizontal', options: {} },
  { name: 'flipVertical', options: {} },
  { name: 'rotate', options: { degrees: [-30, 30], fill: 'reflect' } },
  {
    name: 'rotate',
    options: { factor: [-0.1, 0.1], fill: 'constant', fillValue: 9, interpolation: 'nearest' },
  },
  { name: 'translate', options: { x: [-0.2, 0.2], y: [-0.1, 0.1], fill: 'wrap' } },
  { name: 'zoom', options: { height: [-0.3, 0.3], fill: 'nearest' } },
  { name: 'zoom', options: { height: [-0.2, 0.2], width: [0.1, 0.4] } },
  { name: 'shear', options: { x: [-15, 15], y: [-5, 5] } },
  { name: 'randomResizedCrop', options: { scale: [0.5, 1] } },
  { name: 'randomResizedCrop', options: { size: [16, 20], scale: [0.2, 0.9] }, outSize: [16, 20] },
  { name: 'randomCrop', options: { size: [20, 20] }, outSize: [20, 20] },
  { name: 'randomCrop', options: { size: [40, 40] }, outSize: [40, 40] },
  { name: 'brightness', options: { delta: [-0.3, 0.3] } },
  { name: 'brightness', options: { factor: [0.5, 1.5] } },
  { name: 'contrast', options: { factor: [0.5, 1.5] } },
  { name: 'contrast', options: { factor: [0.5, 1.5], mean: 'luma' } },
  { name: 'saturation', options: { factor: [0, 2] } },
  { name: 'hue', options: { delta: [-0.5, 0.5] } },
  { name: 'gamma', options: { gamma: [0.5, 2] } },
  { name: 'gaussianNoise', options: { std: [0.02, 0.1] } },
  { name: 'gaussianBlur', options: { sigma: [0.5, 1.5] } },
  { name: 'gaussianBlur', options: { sigma: [1, 1], kernelSize: 5 } },
  { name: 'cutout', options: { scale: [0.1, 0.3] } },
  { name: 'cutout', options: { fill: 'random' } },
  { name: 'grayscale', options: {} },
  { name: 'channelShift', options: { shift: [-40, 40] } },
  { name: 'channelShift', options: { shift: [-40, 40], perChannel: false } },
];
