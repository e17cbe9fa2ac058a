import { loadTf } from '../augment/backend/tfBackend';
import { listDataset } from '../export/listDataset';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { MAX_SEED } from '../pipeline/validatePipeline';
import { UsageError, invalidOption, throwIfAborted } from '../util/errors';
import { createRng } from '../util/rng';
import { lookOfImages } from './datasetLook';
import { loadProbeImages, widenToRgb, type ProbeImage } from './loadProbeImages';
import { measureStep, type StepMeasure } from './measureStep';
import { DEFAULT_MLP, trainMlp } from './mlp';
import { modelInputs } from './modelInput';
import { judgeableThreshold, resolveProbeThresholds } from './probeThresholds';
import type { LabelSafetyReport, ProbeOptions, ProbeProgress } from './probeTypes';
import { labelRules } from './rules';
import { stratifiedSplit } from './sampleEntries';
import { transformSafety } from './transformSafety';
import { Typicality } from './typicality';

export const PROBE_DEFAULTS = {
  sample: 2000,
  heldOutFraction: 0.25,
  /** Transforms run on this square image: small enough for thousands of applications a second. */
  workingSize: 64,
  /** The model reads this square: enough to tell glyphs, shapes and colours apart, small enough to train fast. */
  inputSize: 24,
} as const;

/**
 * Measures, on the user's own images, whether each pipeline step changes what labels mean:
 * a seeded stratified sample is split into train and held-out parts, a small MLP learns the classes from the
 * clean train part, and each step is applied alone (p = 1) to the held-out part at its strongest setting and at
 * its configured range; label changes against the clean predictions give the verdicts (see judgeVariant).
 * Rules from class names and the dataset's look are added; a model too weak to judge leaves the rules alone.
 * Same seed, same result (on the same tfjs backend).
 * @example await probeLabelSafety('digits/', loadPipelineFile('p.json'), { sample: 2000, seed: 1 })
 */
export async function probeLabelSafety(
  root: string,
  pipeline: Pipeline,
  options: ProbeOptions = {},
): Promise<LabelSafetyReport> {
  const started = Date.now();
  const { sample, heldOutFraction, seed } = validateOptions(options, pipeline.seed);
  const thresholds = resolveProbeThresholds(options.thresholds);
  const { signal } = options;
  const progress = (phase: ProbeProgress['phase'], done: number, total: number) =>
    options.onProgress?.({ phase, done, total });
  const rng = createRng(seed);

  progress('listing', 0, 0);
  const { entries } = await listDataset(root, {
    labelsCsv: options.labelsCsv,
    followExternalLinks: options.followExternalLinks,
    signal,
  });
  const split = stratifiedSplit(entries, sample, heldOutFraction, rng);
  if (!split.classes.length) {
    throw new UsageError(
      `No labelled images in ${root}: the probe needs class folders (root/<class>/img) or --labels`,
    );
  }
  const sampled = [...split.train, ...split.heldOut];
  const loaded = await loadProbeImages(sampled, PROBE_DEFAULTS.workingSize, {
    maxPixels: options.maxPixels,
    signal,
    onImage: (done) => progress('decoding', done, sampled.length),
  });
  const present = (list: (ProbeImage | undefined)[]) => list.filter((i): i is ProbeImage => i !== undefined);
  const decoded = present(loaded.images);
  // Grey only when every image is: a colour dataset's grey images are widened, as ImageFolder does.
  const channels: 1 | 3 = decoded.every((i) => i.image.channels === 1) ? 1 : 3;
  const unify = (i: ProbeImage): ProbeImage => (channels === 3 ? { ...i, image: widenToRgb(i.image) } : i);
  const train = present(loaded.images.slice(0, split.train.length)).map(unify);
  const heldOut = present(loaded.images.slice(split.train.length)).map(unify);
  const look = lookOfImages(decoded);
  const rules = labelRules(pipeline, { classes: split.classes, look });
  const warnings = loaded.failed.map((f) => `${f.file}: ${f.message} (left out of the probe)`);
  const report: LabelSafetyReport = {
    mode: 'probe',
    cleanAccuracy: null,
    judgeable: false,
    judgeableThreshold: null,
    backend: null,
    sample: {
      train: train.length,
      heldOut: heldOut.length,
      classes: split.classes,
      channels,
      failed: loaded.failed.length,
      seed,
      workingSize: PROBE_DEFAULTS.workingSize,
      inputSize: PROBE_DEFAULTS.inputSize,
    },
    thresholds,
    look,
    transforms: [],
    rules,
    warnings,
    durationMs: 0,
  };

  const trainedClasses = new Set(train.map((i) => i.classIndex)).size;
  if (split.classes.length < 2 || trainedClasses < 2 || heldOut.length === 0) {
    const why = `the probe model could not be trained (${split.classes.length} class(es), ${train.length} train and ${heldOut.length} held-out images): verdicts come from the rules only`;
    warnings.push(why);
    return finish(report, pipeline, [], why, started);
  }

  const { tf, backend } = await loadTf();
  report.backend = backend;
  const { inputSize } = PROBE_DEFAULTS;
  const dim = inputSize * inputSize * channels;
  const trainSet = {
    inputs: modelInputs(
      train.map((i) => i.image),
      inputSize,
      channels,
    ),
    labels: Int32Array.from(train, (i) => i.classIndex),
    dim,
    classes: split.classes.length,
  };
  const model = await trainMlp(tf, trainSet, rng, DEFAULT_MLP, {
    signal,
    onEpoch: (done, total) => progress('training', done, total),
  });
  const measured: (StepMeasure | undefined)[] = [];
  let typicality: Typicality | undefined;
  try {
    const truth = Int32Array.from(heldOut, (i) => i.classIndex);
    const cleanInputs = modelInputs(
      heldOut.map((i) => i.image),
      inputSize,
      channels,
    );
    const clean = model.predict(cleanInputs);
    const cleanAccuracy = round4(clean.filter((c, i) => c === truth[i]).length / truth.length);
    const needed = round4(judgeableThreshold(thresholds, split.classes.length));
    Object.assign(report, { cleanAccuracy, judgeableThreshold: needed, judgeable: cleanAccuracy >= needed });
    if (!report.judgeable) {
      const why = `the probe model could not judge: clean held-out accuracy ${cleanAccuracy.toFixed(2)} is below ${needed.toFixed(2)}; verdicts come from the rules only`;
      warnings.push(why);
      return finish(report, pipeline, [], why, started);
    }
    typicality = new Typicality(
      tf,
      trainSet.inputs,
      trainSet.labels,
      dim,
      cleanInputs,
      truth.map((t, i) => (clean[i] === t ? t : -1)),
    );
    const context = {
      images: heldOut,
      baseline: { truth, clean, classes: split.classes, cleanAccuracy },
      inputSize,
      channels,
      predict: model.predict,
      typicality,
      seed,
      thresholds,
    };
    for (const [index, step] of pipeline.steps.entries()) {
      throwIfAborted(signal);
      progress('evaluating', index, pipeline.steps.length);
      // A step with p = 0 never runs: nothing to measure.
      measured.push(step.p > 0 ? measureStep(step, index, context) : undefined);
      // Let Ctrl-C and progress through between steps.
      await new Promise((resolve) => setImmediate(resolve));
    }
    progress('evaluating', pipeline.steps.length, pipeline.steps.length);
  } finally {
    typicality?.dispose();
    model.dispose();
  }
  return finish(report, pipeline, measured, undefined, started);
}

function finish(
  report: LabelSafetyReport,
  pipeline: Pipeline,
  measured: (StepMeasure | undefined)[],
  unmeasured: string | undefined,
  started: number,
): LabelSafetyReport {
  report.transforms = transformSafety(pipeline, report.rules, measured, unmeasured);
  report.durationMs = Date.now() - started;
  return report;
}

function validateOptions(options: ProbeOptions, pipelineSeed: number) {
  const sample = options.sample ?? PROBE_DEFAULTS.sample;
  if (!Number.isInteger(sample) || sample < 2) throw invalidOption('sample', 'an integer >= 2', sample);
  const heldOutFraction = options.heldOutFraction ?? PROBE_DEFAULTS.heldOutFraction;
  if (!(heldOutFraction > 0 && heldOutFraction < 1))
    throw invalidOption('heldOutFraction', 'a number between 0 and 1 (exclusive)', heldOutFraction);
  const seed = options.seed ?? pipelineSeed;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw invalidOption('seed', `an integer between 0 and ${MAX_SEED}`, seed);
  return { sample, heldOutFraction, seed };
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
