import type { Tf } from '../augment/backend/tfBackend';
import { findTransform } from '../augment/registry';
import type { Pipeline, PipelineStep } from '../pipeline/pipelineTypes';
import { outputRng, outputSeed } from '../pipeline/runPipeline';
import { throwIfAborted } from '../util/errors';
import { createRng } from '../util/rng';
import type { ProbeImage } from './probeImage';
import { trainMlp, type MlpOptions } from './mlp';
import type { FeatureSpace } from './probeFeatures';
import type { ProbeThresholds } from './probeTypes';
import { CostTally, judgeCost, type JudgedCost } from './stepCost';
import { scaleForWorking } from './workingScale';

export interface CostContext {
  tf: Tf;
  space: FeatureSpace;
  /** Applies the feature scaler fitted on the clean sample. */
  scale(rows: Float32Array): void;
  /** Every sampled image that decoded, in one channel layout. */
  images: readonly ProbeImage[];
  /** Their scaled feature rows, [images, dim]. */
  cleanRows: Float32Array;
  /** Fold of each image (-1: always trained on). */
  folds: Int32Array;
  classes: readonly string[];
  seed: number;
  thresholds: ProbeThresholds;
  rounds: number;
  mlp: MlpOptions;
  /** Null-model accuracy needed in the first round before any step is measured. */
  judgeableThreshold: number;
  signal?: AbortSignal;
  onModel?(done: number, planned: number): void;
}

export interface MeasuredCosts {
  /** Clean held-out accuracy of the first round's null model. */
  cleanAccuracy: number;
  judgeable: boolean;
  /** Per pipeline step; undefined for steps with p = 0 (or when not judgeable). */
  steps: (JudgedCost | undefined)[];
}

/**
 * What training with each step costs, round by round. Round r holds out fold r; a null model C trains on the
 * clean train part plus an untransformed copy of it, and for each step a model B trains on the clean part plus
 * its transformed copies (same labels, same size as C's data). B and C start from the same weights and see their
 * rows in the same order, so their held-out differences come from the transform, not from training noise.
 * A step stops once its cost is decided (see judgeCost); unclear ones get another round, with another fold and
 * other seeds, up to `rounds`.
 */
export async function measureCosts(pipeline: Pipeline, context: CostContext): Promise<MeasuredCosts> {
  const { images, folds, space, classes } = context;
  const dim = space.info.dim;
  const clean = context.cleanRows;
  const foldCount = Math.max(...folds) + 1;
  const labels = Int32Array.from(images, (i) => i.classIndex);
  const copies = pipeline.steps.map(() => new TransformedRows(images.length, dim));
  const tallies = pipeline.steps.map(() => new CostTally(classes));
  const judged: (JudgedCost | undefined)[] = pipeline.steps.map(() => undefined);
  let open = pipeline.steps.map((step) => step.p > 0);
  let cleanAccuracy = 0;
  let done = 0;
  let planned = 0;
  // The first round always trains the null model: its accuracy says whether the probe can judge at all.
  for (let round = 0; round < context.rounds && (round === 0 || open.some(Boolean)); round++) {
    if (round >= foldCount) break;
    const train = indicesWhere(folds, (f) => f !== round);
    const heldOut = indicesWhere(folds, (f) => f === round);
    if (!heldOut.length || !train.length) break;
    planned += 1 + open.filter(Boolean).length;
    const truth = Int32Array.from(heldOut, (i) => labels[i]);
    const heldOutRows = gather(clean, heldOut, dim);
    const trainRows = gather(clean, train, dim);
    const doubledLabels = Int32Array.from(
      { length: train.length * 2 },
      (_, i) => labels[train[i % train.length]],
    );
    const modelSeed = outputSeed(context.seed, '\u0000probe-model', round);
    const fit = async (copyRows: Float32Array) => {
      throwIfAborted(context.signal);
      const inputs = new Float32Array(train.length * 2 * dim);
      inputs.set(trainRows, 0);
      inputs.set(copyRows, train.length * dim);
      const set = { inputs, labels: doubledLabels, dim, classes: classes.length };
      const model = await trainMlp(context.tf, set, createRng(modelSeed), context.mlp, {
        signal: context.signal,
      });
      try {
        return model.predict(heldOutRows);
      } finally {
        model.dispose();
        context.onModel?.(++done, planned);
      }
    };
    const nullPredicted = await fit(trainRows);
    if (round === 0) {
      cleanAccuracy = truth.reduce((n, t, i) => n + (nullPredicted[i] === t ? 1 : 0), 0) / truth.length;
      if (cleanAccuracy < context.judgeableThreshold)
        return { cleanAccuracy, judgeable: false, steps: judged };
    }
    for (const [index, step] of pipeline.steps.entries()) {
      if (!open[index]) continue;
      const copyRows = await copies[index].rowsFor(
        train,
        (i) => transformedImage(step, index, images[i], context.seed),
        context,
      );
      tallies[index].add(truth, nullPredicted, await fit(copyRows));
      judged[index] = judgeCost(tallies[index], context.thresholds);
    }
    open = open.map((o, index) => o && judged[index]?.cost.decision === 'unclear');
  }
  return { cleanAccuracy, judgeable: true, steps: judged };
}

/** Transformed images made at a time (content features embed them in model passes). */
const ROWS_PER_CHUNK = 64;

/** Feature rows of each image after one step, computed once per image whatever the round. */
class TransformedRows {
  private readonly rows: Float32Array;
  private readonly ready: Uint8Array;

  constructor(
    count: number,
    private readonly dim: number,
  ) {
    this.rows = new Float32Array(count * dim);
    this.ready = new Uint8Array(count);
  }

  async rowsFor(
    indices: readonly number[],
    make: (i: number) => ProbeImage['image'],
    context: CostContext,
  ): Promise<Float32Array> {
    const { dim } = this;
    const fresh = indices.filter((i) => !this.ready[i]);
    // In chunks: a chunk's transformed images are let go once their rows are taken, and Ctrl-C gets through
    // between chunks (content features take seconds per step).
    for (let at = 0; at < fresh.length; at += ROWS_PER_CHUNK) {
      await new Promise((resolve) => setImmediate(resolve));
      throwIfAborted(context.signal);
      const chunk = fresh.slice(at, at + ROWS_PER_CHUNK);
      const batch = context.space.rows(chunk.map((i) => make(i)));
      context.scale(batch);
      chunk.forEach((i, r) => {
        this.rows.set(batch.subarray(r * dim, (r + 1) * dim), i * dim);
        this.ready[i] = 1;
      });
    }
    return gather(this.rows, indices, dim);
  }
}

/**
 * One image after the step alone (p = 1) at its configured range; the draw depends on the seed, the step and the
 * file only, so it is the same in every round and whatever else was sampled.
 */
function transformedImage(step: PipelineStep, index: number, probeImage: ProbeImage, seed: number) {
  const transform = findTransform(step.name);
  if (!transform) throw new Error(`measureCosts: transform "${step.name}" is not registered`);
  const { image } = probeImage;
  const options = scaleForWorking(
    transform,
    step.options,
    image.width / probeImage.sourceWidth,
    image.height / probeImage.sourceHeight,
  );
  const rng = outputRng(seed, probeImage.file, index);
  return transform.apply(image, transform.sampleParams(rng, image, options));
}

function indicesWhere(values: Int32Array, keep: (v: number) => boolean): number[] {
  const out: number[] = [];
  values.forEach((v, i) => keep(v) && out.push(i));
  return out;
}

function gather(rows: Float32Array, indices: readonly number[], dim: number): Float32Array {
  const out = new Float32Array(indices.length * dim);
  indices.forEach((i, r) => out.set(rows.subarray(i * dim, (i + 1) * dim), r * dim));
  return out;
}
