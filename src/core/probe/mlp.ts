import type { Tf } from '../augment/backend/tfBackend';
import { throwIfAborted } from '../util/errors';
import type { Rng } from '../util/rng';
import { shuffled } from './sampleEntries';

type Variable = ReturnType<Tf['variable']>;

/** Training settings of the probe model; defaults in DEFAULT_MLP. */
export interface MlpOptions {
  hidden: number;
  batchSize: number;
  learningRate: number;
  /** Epochs: enough for about `targetSteps` optimiser steps, within [minEpochs, maxEpochs]. */
  targetSteps: number;
  minEpochs: number;
  maxEpochs: number;
}

/**
 * One hidden layer of 128 ReLU units and a softmax: enough to read digits, letters, shapes and colour classes at
 * 24x24, and quick to train on tfjs-wasm. Deeper or convolutional models would judge
 * photos better but cannot train on wasm (no Conv2DBackpropFilter) within the budget.
 */
export const DEFAULT_MLP: Readonly<MlpOptions> = {
  hidden: 128,
  batchSize: 64,
  learningRate: 0.002,
  targetSteps: 600,
  minEpochs: 10,
  maxEpochs: 40,
};

export interface TrainingSet {
  /** [n, dim] row-major, 0..1. */
  inputs: Float32Array;
  labels: Int32Array;
  dim: number;
  classes: number;
}

export interface TrainedMlp {
  /** Most likely class of each row of `inputs` ([n, dim]). */
  predict(inputs: Float32Array): Int32Array;
  /** Frees the weights (tensor count returns to what it was before training). */
  dispose(): void;
}

let runs = 0;

/**
 * Trains the MLP with tfjs-core only: the forward pass and hand-written gradients of softmax cross-entropy
 * (tfjs-core's node bundle registers no gradients, and tfjs-layers is not needed for two matrices), updated by
 * tf.train.adam. Initial weights and batch order come from `rng`, so a seed gives the same model every run.
 * Yields to the event loop between epochs so Ctrl-C and progress get through.
 */
export async function trainMlp(
  tf: Tf,
  set: TrainingSet,
  rng: Rng,
  options: MlpOptions = DEFAULT_MLP,
  hooks: { signal?: AbortSignal; onEpoch?(done: number, total: number): void } = {},
): Promise<TrainedMlp> {
  const { dim, classes } = set;
  const n = set.labels.length;
  const { hidden, batchSize } = options;
  // Variable names are global to the tfjs engine: unique per run, so probes can follow each other.
  const prefix = `datasetLensProbe${++runs}`;
  // tidy frees the initial-value tensors; the variables (not tracked by tidy) keep their own copies.
  const [w1, b1, w2, b2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(heUniform(rng, dim, hidden), [dim, hidden]), true, `${prefix}/w1`),
    tf.variable(tf.zeros([hidden]), true, `${prefix}/b1`),
    tf.variable(tf.tensor2d(heUniform(rng, hidden, classes), [hidden, classes]), true, `${prefix}/w2`),
    tf.variable(tf.zeros([classes]), true, `${prefix}/b2`),
  ]);
  const weights: Variable[] = [w1, b1, w2, b2];
  const optimizer = tf.train.adam(options.learningRate);
  const stepsPerEpoch = Math.max(1, Math.ceil(n / batchSize));
  const epochs = Math.min(
    options.maxEpochs,
    Math.max(options.minEpochs, Math.ceil(options.targetSteps / stepsPerEpoch)),
  );
  const order = Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batchSize * dim);
  const xbT = new Float32Array(dim * batchSize);
  const yb = new Float32Array(batchSize * classes);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      throwIfAborted(hooks.signal);
      const perm = shuffled(order, rng);
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        fillBatch(set, perm, start, size, xb, xbT, yb);
        tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, size * dim), [size, dim]);
          // wasm's matMul with transposeA is much slower than a plain one: the transpose is built in JS.
          const xT = tf.tensor2d(xbT.subarray(0, dim * size), [dim, size]);
          const y = tf.tensor2d(yb.subarray(0, size * classes), [size, classes]);
          const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
          const p = tf.softmax(tf.add(tf.matMul(h, w2), b2));
          const dLogits = tf.div(tf.sub(p, y), size);
          const dHidden = tf.mul(tf.matMul(dLogits, w2, false, true), tf.step(h));
          optimizer.applyGradients({
            [w1.name]: tf.matMul(xT, dHidden),
            [b1.name]: tf.sum(dHidden, 0),
            [w2.name]: tf.matMul(h, dLogits, true, false),
            [b2.name]: tf.sum(dLogits, 0),
          });
        });
      }
      hooks.onEpoch?.(epoch + 1, epochs);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    optimizer.dispose();
    weights.forEach((w) => w.dispose());
    throw error;
  }
  optimizer.dispose();
  return {
    predict: (inputs) => predict(tf, weights, inputs, dim),
    dispose: () => weights.forEach((w) => w.dispose()),
  };
}

/** Rows `perm[start..start+size)` into the batch buffers: inputs, their transpose and one-hot labels. */
function fillBatch(
  set: TrainingSet,
  perm: readonly number[],
  start: number,
  size: number,
  xb: Float32Array,
  xbT: Float32Array,
  yb: Float32Array,
): void {
  const { dim, classes, inputs, labels } = set;
  yb.fill(0, 0, size * classes);
  for (let r = 0; r < size; r++) {
    const row = perm[start + r];
    const src = inputs.subarray(row * dim, (row + 1) * dim);
    xb.set(src, r * dim);
    for (let j = 0; j < dim; j++) xbT[j * size + r] = src[j];
    yb[r * classes + labels[row]] = 1;
  }
}

/** He-uniform initial weights (ReLU), drawn from our generator rather than tfjs' own seedless one. */
function heUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / fanIn);
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

const PREDICT_BATCH = 512;

function predict(tf: Tf, [w1, b1, w2, b2]: Variable[], inputs: Float32Array, dim: number): Int32Array {
  const n = inputs.length / dim;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const size = Math.min(PREDICT_BATCH, n - start);
    // tidy returns nothing: a typed array returned from tidy is walked element by element (slow).
    tf.tidy(() => {
      const x = tf.tensor2d(inputs.subarray(start * dim, (start + size) * dim), [size, dim]);
      const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
      out.set(tf.argMax(logits, 1).dataSync() as Int32Array, start);
    });
  }
  return out;
}
