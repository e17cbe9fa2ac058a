import type { AugImage } from '../augment/augImage';
import { writeModelInput } from './modelInput';
import { pooledLength, writePooledFeatures } from './pooledFeatures';
import type { DatasetLook, FeatureChoice, ProbeFeatures } from './probeTypes';

/** Side of the square pixel input: enough to tell glyphs, shapes and colours apart, small enough to train fast. */
export const PIXEL_INPUT_SIZE = 24;

/** What the probe model reads, and how to compute it from working images. */
export interface FeatureSpace {
  info: ProbeFeatures;
  /** Feature rows of `images`, [n, dim], in order. */
  rows(images: readonly AugImage[]): Float32Array;
}

/** The first round's null model on the features `auto` read first: could it judge? */
export interface FirstTrial {
  /** Its clean held-out accuracy. */
  accuracy: number;
  /** The accuracy judging needs (see judgeableThreshold). */
  needed: number;
}

/** Which features to read, and why (the `reason` of ProbeFeatures). */
export interface FeatureKind {
  kind: ProbeFeatures['kind'];
  reason: string;
}

/**
 * What the probe reads. `auto` starts with features that cost nothing: pixels when the objects sit centred on a
 * plain background (digits, Fashion-MNIST, icons: where a stroke is tells the classes apart), otherwise pooled
 * histograms (see writePooledFeatures), which do not depend on where the object is (an MLP on pixels cannot
 * learn "cat" from photos whose cat moves around). When the first round's null model on those cannot judge
 * (`first` given, below the bar), it moves to the content embedding (see contentFeatureSpace), which reads
 * objects wherever they are rather than colours and edges, at a model pass per image. A forced choice
 * (`--features`) is kept.
 */
export function featureKind(choice: FeatureChoice, look: DatasetLook, first?: FirstTrial): FeatureKind {
  if (choice !== 'auto') return { kind: choice, reason: `chosen with --features ${choice}` };
  const centred = look.centred === true;
  const why = centred
    ? 'the images show centred objects on a plain background: where the strokes are tells the classes apart'
    : 'the objects are not centred on a plain background: pooled features do not depend on where the object is';
  const cheap = centred ? 'pixels' : 'pooled';
  if (first && first.accuracy < first.needed) {
    return {
      kind: 'content',
      reason: `${cheap} features were too weak to judge (null model ${first.accuracy.toFixed(2)}, judging needs ${first.needed.toFixed(2)}; ${why.split(':')[0]}): a pretrained network reads the objects wherever they are`,
    };
  }
  return { kind: cheap, reason: why };
}

/** The pixel or pooled feature space (content needs its model loaded: contentFeatureSpace). */
export function chooseFeatures(
  kind: Exclude<ProbeFeatures['kind'], 'content'>,
  reason: string,
  channels: 1 | 3,
): FeatureSpace {
  const colour = channels === 1 ? 'grey' : 'RGB';
  if (kind === 'pixels') {
    const size = PIXEL_INPUT_SIZE;
    return {
      info: {
        kind,
        dim: size * size * channels,
        detail: `${size}x${size} ${colour} pixels (area average)`,
        reason,
      },
      rows: (images) =>
        rowsOf(images, size * size * channels, (image, out, offset) =>
          writeModelInput(image, size, channels, out, offset),
        ),
    };
  }
  const dim = pooledLength(channels);
  return {
    info: {
      kind,
      dim,
      detail: `spatial pyramid (whole image, 2x2) of ${channels === 1 ? 'intensity' : 'RGB colour'} and gradient-orientation histograms`,
      reason,
    },
    rows: (images) =>
      rowsOf(images, dim, (image, out, offset) => writePooledFeatures(image, channels, out, offset)),
  };
}

function rowsOf(
  images: readonly AugImage[],
  dim: number,
  write: (image: AugImage, out: Float32Array, offset: number) => void,
): Float32Array {
  const out = new Float32Array(images.length * dim);
  images.forEach((image, i) => write(image, out, i * dim));
  return out;
}

/**
 * Scales every feature to zero mean and unit spread over `rows` (the clean sample), so histogram bins of very
 * different sizes weigh alike in the model, and the large component all pooled ReLU activations share goes.
 * Pixels are left as they are (0..1 already). Returns the scaler.
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
