import type { FillMode, Interpolation } from '../optionSpec';
import type { WarpOptions } from './warpTypes';

/** The warp settings as they travel in params (plain JSON, so manifests hold them). */
export type WarpParams = { fill: FillMode; fillValue: number; interpolation: Interpolation };

export function warpParams(options: WarpOptions): WarpParams {
  return { fill: options.fill, fillValue: options.fillValue, interpolation: options.interpolation };
}
