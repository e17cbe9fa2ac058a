import { findTransform } from '../augment/registry';
import type { Params, Transform } from '../augment/transform';
import type { PipelineStep } from '../pipeline/pipelineTypes';
import { outputRng } from '../pipeline/runPipeline';
import type { ProbeImage } from './loadProbeImages';
import { writeModelInput } from './modelInput';
import type { ProbeThresholds, StrongestMeasure } from './probeTypes';
import { judgeVariant, type Baseline, type JudgedVariant } from './judgeVariant';
import { endpointSetting, sampleSetting, type End } from './strongestSetting';
import type { Typicality } from './typicality';
import { scaleForWorking } from './workingScale';

/** The held-out images, the clean baseline and the model: everything a step is measured against. */
export interface MeasureContext {
  images: readonly ProbeImage[];
  baseline: Baseline;
  inputSize: number;
  channels: 1 | 3;
  predict(inputs: Float32Array): Int32Array;
  typicality: Typicality;
  seed: number;
  thresholds: ProbeThresholds;
}

export interface StepMeasure {
  strongest: StrongestMeasure & { reason: string };
  configured: JudgedVariant;
}

const VARIANTS = ['min', 'max', 'configured'] as const;
type Variant = (typeof VARIANTS)[number];

/**
 * Applies one step alone (p = 1) to every held-out image at both endpoint settings and at its configured range,
 * and judges each against the clean predictions. The worse endpoint is the strongest setting.
 */
export function measureStep(step: PipelineStep, index: number, context: MeasureContext): StepMeasure {
  const transform = findTransform(step.name);
  if (!transform) throw new Error(`measureStep: transform "${step.name}" is not registered`);
  const judged = {} as Record<Variant, JudgedVariant>;
  for (const variant of VARIANTS) {
    const inputs = transformedInputs(transform, step, index, variant, context);
    const after = context.predict(inputs);
    const { truth, clean } = context.baseline;
    const moved = (c: number, d: number) =>
      Array.from(truth.keys()).filter((i) => truth[i] === c && clean[i] === c && after[i] === d);
    judged[variant] = judgeVariant(context.baseline, after, context.thresholds, (c, d) =>
      context.typicality.ratio(d, inputs, moved(c, d)),
    );
  }
  const end: End = worse(judged.max, judged.min) ? 'max' : 'min';
  return {
    strongest: { end, params: endpointSetting(transform, step.options, end).shown, ...judged[end] },
    configured: judged.configured,
  };
}

/** The model inputs of every held-out image after the step; each image draws from its own seeded generator. */
function transformedInputs(
  transform: Transform,
  step: PipelineStep,
  index: number,
  variant: Variant,
  context: MeasureContext,
): Float32Array {
  const { images, inputSize, channels } = context;
  const dim = inputSize * inputSize * channels;
  const out = new Float32Array(images.length * dim);
  images.forEach((probeImage, i) => {
    const { image } = probeImage;
    const options = scaleForWorking(
      transform,
      step.options,
      image.width / probeImage.sourceWidth,
      image.height / probeImage.sourceHeight,
    );
    // Draws depend on the seed, the step, the variant and the file only: not on other images or their order.
    const rng = outputRng(context.seed, probeImage.file, index * VARIANTS.length + VARIANTS.indexOf(variant));
    const params: Params =
      variant === 'configured'
        ? transform.sampleParams(rng, image, options)
        : sampleSetting(transform, endpointSetting(transform, options, variant), rng, image);
    writeModelInput(transform.apply(image, params), inputSize, channels, out, i * dim);
  });
  return out;
}

const RANK = { safe: 0, risky: 1, breaks: 2 } as const;

/** Worse verdict first, then the larger accuracy drop; ties keep the min end. */
function worse(a: JudgedVariant, b: JudgedVariant): boolean {
  return (
    RANK[a.verdict] > RANK[b.verdict] ||
    (RANK[a.verdict] === RANK[b.verdict] && a.accuracyDrop > b.accuracyDrop)
  );
}

export function worseVerdict<V extends keyof typeof RANK>(a: V, b: V): V {
  return RANK[a] >= RANK[b] ? a : b;
}
