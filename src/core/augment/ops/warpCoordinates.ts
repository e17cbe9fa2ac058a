import type { FillMode } from '../optionSpec';
import type { ProjectiveMatrix } from './warpTypes';

/**
 * Input coordinates for the warp loops. The affine loops work a row at a time: they call these once per row (a
 * call per pixel into another module costs an accessor call under tsx, and a call V8 does not inline boxes its
 * numbers) and read the results from the row buffers.
 */

/**
 * TF's MapCoordinate<mode>: brings an out-of-range coordinate back into [0, len - 1] (constant leaves it). A
 * coordinate already in [0, len - 1] comes back unchanged in every mode.
 */
export function mapCoordinate(fill: FillMode, v: number, len: number): number {
  switch (fill) {
    case 'constant':
      return v;
    case 'nearest':
      return clampCoordinate(v, len - 1);
    case 'reflect':
      return reflectCoordinate(v, len);
    case 'wrap':
      return wrapCoordinate(v, len);
  }
}

/**
 * The input points of output row `y` of an affine matrix (c0 = c1 = 0, so k is exactly 1 and x / 1 is x):
 * a0 x + a1 y + a2 and b0 x + b1 y + b2, summed in the kernel's order, so each rounds as the kernel's does.
 */
export function affineRow(matrix: ProjectiveMatrix, y: number, xs: Float64Array, ys: Float64Array): void {
  const [a0, a1, a2, b0, b1, b2] = matrix;
  const ay = a1 * y;
  const by = b1 * y;
  for (let x = 0; x < xs.length; x++) {
    xs[x] = a0 * x + ay + a2;
    ys[x] = b0 * x + by + b2;
  }
}

/** mapCoordinate over a row, in place; it leaves [0, len - 1] alone, so only the coordinates outside go through it. */
export function mapRow(fill: FillMode, coords: Float64Array, len: number): void {
  if (fill === 'constant') return;
  const last = len - 1;
  for (let i = 0; i < coords.length; i++) {
    const v = coords[i];
    // Negated, so NaN goes through the mapping as in the kernel.
    if (!(v >= 0 && v <= last)) coords[i] = mapCoordinate(fill, v, len);
  }
}

function clampCoordinate(v: number, last: number): number {
  return v < 0 ? 0 : v > last ? last : v;
}

function reflectCoordinate(v: number, len: number): number {
  if (len <= 1) return 0;
  const last = len - 1;
  const size2 = 2 * len;
  if (v < 0) {
    v = size2 * Math.trunc(-v / size2) + v;
    v = v < -len ? v + size2 : -v - 1;
  } else if (v > last) {
    v -= size2 * Math.trunc(v / size2);
    if (v >= len) v = size2 - v - 1;
  }
  return clampCoordinate(v, last);
}

function wrapCoordinate(v: number, len: number): number {
  if (len <= 1) return 0;
  const last = len - 1;
  if (v < 0) v += len * (Math.trunc(-v / last) + 1);
  else if (v > last) v -= len * Math.trunc(v / last);
  return clampCoordinate(v, last);
}
