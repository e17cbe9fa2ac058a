import type { AugImage } from '../augImage';
import type { Tf } from '../backend/tfBackend';
import type { ProjectiveMatrix, WarpOptions } from './warpTypes';

/**
 * The same warp through tf.image.transform (TF's own kernel semantics, as ported by tfjs). Not the default path
 * (see warp.ts for the measurement); kept as the Keras-faithful reference the JS loop is tested against, and
 * for callers that already hold tensors. Leaves no tensors behind.
 */
export function warpProjectiveTf(
  tf: Tf,
  image: AugImage,
  matrix: ProjectiveMatrix,
  options: WarpOptions,
): AugImage {
  const { width, height, channels } = image;
  const data = tf.tidy(() => {
    const input = tf.tensor4d(image.data, [1, height, width, channels], 'float32');
    const transforms = tf.tensor2d([matrix.slice()], [1, 8], 'float32');
    const output = tf.image.transform(
      input,
      transforms,
      options.interpolation,
      options.fill,
      options.fillValue,
    );
    return output.dataSync() as Float32Array;
  });
  return { width, height, channels, data: Float32Array.from(data) };
}

/** tf.image.resizeBilinear of a crop with half-pixel centres: the reference for ops/resize.ts. */
export function cropResizeTf(
  tf: Tf,
  image: AugImage,
  box: { top: number; left: number; height: number; width: number },
  outHeight: number,
  outWidth: number,
): AugImage {
  const { width, height, channels } = image;
  const data = tf.tidy(() => {
    const input = tf.tensor3d(image.data, [height, width, channels], 'float32');
    const crop = tf.slice(input, [box.top, box.left, 0], [box.height, box.width, channels]);
    return tf.image.resizeBilinear(crop, [outHeight, outWidth], false, true).dataSync() as Float32Array;
  });
  return { width: outWidth, height: outHeight, channels, data: Float32Array.from(data) };
}
