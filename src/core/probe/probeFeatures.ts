import type { AugImage } from '../augment/augImage';
import { writeModelInput } from './modelInput';
import { pooledLength, writePooledFeatures } from './pooledFeatures';
import type { DatasetLook, FeatureChoice, ProbeFeatures } from './probeTypes';

/** Side of the square pixel input: enough to tell glyphs, shapes and colours apart, small enough to train fast. */
export const PIXEL_INPUT_SIZE = 24;

/** What the probe model reads, and how to compute it from a working image. */
export interface FeatureSpace {
  info: ProbeFeatures;
  write(image: AugImage, out: Float32Array, offset: number): void;
}

/**
 * Pixels when the objects sit centred on a plain background (digits, Fashion-MNIST, icons): there, where a
 * stroke is tells the classes apart. Otherwise pooled histograms (see writePooledFeatures), which do not depend
 * on where the object is in the frame: an MLP on pixels cannot learn "cat" from photos whose cat moves around.
 */
export function chooseFeatures(choice: FeatureChoice, look: DatasetLook, channels: 1 | 3): FeatureSpace {
  const colour = channels === 1 ? 'grey' : 'RGB';
  const centred = look.centred === true;
  const kind = choice === 'auto' ? (centred ? 'pixels' : 'pooled') : choice;
  const reason =
    choice !== 'auto'
      ? `chosen with --features ${choice}`
      : centred
        ? 'the images show centred objects on a plain background: where the strokes are tells the classes apart'
        : 'the objects are not centred on a plain background: pooled features do not depend on where the object is';
  if (kind === 'pixels') {
    const size = PIXEL_INPUT_SIZE;
    return {
      info: {
        kind,
        dim: size * size * channels,
        detail: `${size}x${size} ${colour} pixels (area average)`,
        reason,
      },
      write: (image, out, offset) => writeModelInput(image, size, channels, out, offset),
    };
  }
  return {
    info: {
      kind,
      dim: pooledLength(channels),
      detail: `spatial pyramid (whole image, 2x2) of ${channels === 1 ? 'intensity' : 'RGB colour'} and gradient-orientation histograms`,
      reason,
    },
    write: (image, out, offset) => writePooledFeatures(image, channels, out, offset),
  };
}

/** Feature rows of `images`, [n, dim]. */
export function featureRows(space: FeatureSpace, images: readonly AugImage[]): Float32Array {
  const dim = space.info.dim;
  const out = new Float32Array(images.length * dim);
  images.forEach((image, i) => space.write(image, out, i * dim));
  return out;
}

/**
 * Scales every feature to zero mean and unit spread over `rows` (the clean sample), so histogram bins of very
 * different sizes weigh alike in the model. Pixels are left as they are (0..1 already). Returns the scaler.
 */
export function fitScaler(space: FeatureSpace, rows: Float32Array): (rows: Float32Array) => void {
  if (space.info.kind === 'pixels') return () => undefined;
  const dim = space.info.dim;
  const n = rows.length / dim;
  const mean = new Float64Array(dim);
  const squares = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) {
      const v = rows[r * dim + j];
      mean[j] += v;
      squares[j] += v * v;
    }
  }
  const scale = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    mean[j] /= Math.max(1, n);
    const sd = Math.sqrt(Math.max(0, squares[j] / Math.max(1, n) - mean[j] * mean[j]));
    // A constant feature (a colour no image has) stays 0 instead of exploding.
    scale[j] = sd > 1e-3 ? 1 / sd : 0;
  }
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      const j = i % dim;
      target[i] = (target[i] - mean[j]) * scale[j];
    }
  };
}
