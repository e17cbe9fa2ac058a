import type { Transform } from './transform';
import { brightness } from './transforms/brightness';
import { channelShift } from './transforms/channelShift';
import { contrast } from './transforms/contrast';
import { cutout } from './transforms/cutout';
import { flipHorizontal } from './transforms/flipHorizontal';
import { flipVertical } from './transforms/flipVertical';
import { gamma } from './transforms/gamma';
import { gaussianBlur } from './transforms/gaussianBlur';
import { gaussianNoise } from './transforms/gaussianNoise';
import { grayscale } from './transforms/grayscale';
import { hue } from './transforms/hue';
import { randomCrop } from './transforms/randomCrop';
import { randomResizedCrop } from './transforms/randomResizedCrop';
import { rotate } from './transforms/rotate';
import { saturation } from './transforms/saturation';
import { shear } from './transforms/shear';
import { translate } from './transforms/translate';
import { zoom } from './transforms/zoom';

/**
 * Every transform a pipeline may name. Adding one: a file in transforms/ (options, defaults, doc, sampler, apply),
 * a line here, a row in test/unit/augmentTable.ts (the tests fail until it has one), and a case per code target.
 */
export const TRANSFORMS: readonly Transform[] = [
  flipHorizontal,
  flipVertical,
  rotate,
  translate,
  zoom,
  shear,
  randomResizedCrop,
  randomCrop,
  brightness,
  contrast,
  saturation,
  hue,
  gamma,
  gaussianNoise,
  gaussianBlur,
  cutout,
  grayscale,
  channelShift,
];

const byName = new Map(TRANSFORMS.map((t) => [t.name, t]));

export function findTransform(name: string): Transform | undefined {
  return byName.get(name);
}

export function transformNames(): string[] {
  return TRANSFORMS.map((t) => t.name);
}
