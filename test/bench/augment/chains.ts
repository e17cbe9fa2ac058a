/**
 * The chains the augmentation bench exports and times, shared with the unit test that holds export's bytes
 * (test/unit/fusedSteps.test.ts): what the bench measures is what the test checks.
 */

/** The peer's chain: RandomResizedCrop(scale 0.6..1) -> RandomHorizontalFlip -> RandomRotation(15) -> ColorJitter(.3,.3,.3). */
export const PEER_CHAIN = {
  version: 1,
  seed: 1,
  transforms: [
    { name: 'randomResizedCrop', scale: [0.6, 1], ratio: [0.75, 1.333333] },
    { name: 'flipHorizontal', p: 0.5 },
    { name: 'rotate', degrees: [-15, 15], fill: 'constant', interpolation: 'nearest' },
    { name: 'brightness', factor: [0.7, 1.3] },
    { name: 'contrast', factor: [0.7, 1.3], mean: 'luma' },
    { name: 'saturation', factor: [0.7, 1.3] },
  ],
};

/** The issue's chain (as the preview bench times it): rotate with reflect fill and bilinear interpolation. */
export const ISSUE_CHAIN = {
  version: 1,
  seed: 1,
  transforms: [
    { name: 'randomResizedCrop', scale: [0.6, 1] },
    { name: 'flipHorizontal', p: 0.5 },
    { name: 'rotate', degrees: [-15, 15], fill: 'reflect' },
    { name: 'brightness', factor: [0.7, 1.3] },
  ],
};
