import type { FillMode, Interpolation } from '../optionSpec';

/**
 * A projective transform as TF / Keras give it: 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping an OUTPUT
 * point (x, y) to the INPUT point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1.
 */
export type ProjectiveMatrix = readonly [number, number, number, number, number, number, number, number];

export interface WarpOptions {
  fill: FillMode;
  fillValue: number;
  interpolation: Interpolation;
}
