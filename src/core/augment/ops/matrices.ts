import type { ProjectiveMatrix } from './warpTypes';

/**
 * The transform matrices of tf.keras' preprocessing layers (keras/layers/preprocessing/image_preprocessing.py),
 * written out so our warps land on the same pixels as Keras for the same sampled value.
 */

/** Keras get_rotation_matrix: counter-clockwise by `radians` about the image centre ((w-1)/2, (h-1)/2). */
export function rotationMatrix(radians: number, width: number, height: number): ProjectiveMatrix {
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const xOffset = (width - 1 - (cos * (width - 1) - sin * (height - 1))) / 2;
  const yOffset = (height - 1 - (sin * (width - 1) + cos * (height - 1))) / 2;
  return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
}

/** Keras get_translation_matrix: content moves right by dx and down by dy pixels. */
export function translationMatrix(dx: number, dy: number): ProjectiveMatrix {
  return [1, 0, -dx, 0, 1, -dy, 0, 0];
}

/** Keras get_zoom_matrix: zoom > 1 samples a larger area (zooms out), about the image centre. */
export function zoomMatrix(zoomX: number, zoomY: number, width: number, height: number): ProjectiveMatrix {
  const xOffset = ((width - 1) / 2) * (1 - zoomX);
  const yOffset = ((height - 1) / 2) * (1 - zoomY);
  return [zoomX, 0, xOffset, 0, zoomY, yOffset, 0, 0];
}

/**
 * Shear about the image centre, angles in degrees: an output point (x, y) reads the input at
 * (x + tan(shearX) (y - cy), y + tan(shearY) (x - cx)). tf.keras has no shear layer; this is the sampling map of
 * Keras' ImageDataGenerator shear (x only) extended to both axes.
 */
export function shearMatrix(
  shearXDeg: number,
  shearYDeg: number,
  width: number,
  height: number,
): ProjectiveMatrix {
  const tx = Math.tan((shearXDeg * Math.PI) / 180);
  const ty = Math.tan((shearYDeg * Math.PI) / 180);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  return [1, tx, -tx * cy, ty, 1, -ty * cx, 0, 0];
}
