import { loadTf } from '../augment/backend/tfBackend';
import { listDataset } from '../export/listDataset';
import { fillMemberContents } from '../source/memberContents';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { MAX_SEED } from '../pipeline/validatePipeline';
import { UsageError, invalidOption, throwIfAborted } from '../util/errors';
import { createRng } from '../util/rng';
import { lookOfImages } from './datasetLook';
import { loadProbeImages, widenToRgb } from './loadProbeImages';
import { measureCosts } from './measureCosts';
import type { ProbeImage } from './probeImage';
import { DEFAULT_MLP } from './mlp';
import { contentFeatureInfo, contentFeatureSpace } from './contentFeatures';
import { chooseFeatures, featureKind, fitScaler, type FeatureKind, type FeatureSpace } from './probeFeatures';
import { judgeableThreshold, resolveProbeThresholds } from './probeThresholds';
import type { FeatureChoice, LabelSafetyReport, ProbeOptions, ProbeProgress } from './probeTypes';
import { NUMBERED_CLASSES_NOTE } from './ruleCommon';
import { labelRules } from './rules';
import { stratifiedFolds } from './sampleEntries';
import type { JudgedCost } from './stepCost';
import { transformSafety } from './transformSafety';

export const PROBE_DEFAULTS = {
  sample: 2000,
  heldOutFraction: 0.25,
  rounds: 3,
  features: 'auto',
  /** Transforms run on this square image: small enough for thousands of applications a second. */
  workingSize: 64,
} as const;

/**
 * Measures, on the user's own images, what training with each pipeline step costs: a seeded stratified sample is
 * cut into folds; per round a null model trains on the clean train part plus an untransformed copy, and for each
 * step a model trains on the clean part plus transformed copies (the step alone, p = 1, at its configured range).
 * The difference of their clean held-out accuracy, with a paired test, gives the measured verdict; class pairs
 * whose confusion grew name the conflict (see measureCosts, judgeCost). Rules from class names and the dataset's
 * look are a second opinion (see transformSafety). A model too weak to judge leaves the rules alone.
 * Same seed, same result (on the same tfjs backend).
 * @example await probeLabelSafety('digits/', loadPipelineFile('p.json'), { sample: 2000, seed: 1 })
 */
export async function probeLabelSafety(
  root: string,
  pipeline: Pipeline,
  options: ProbeOptions = {},
): Promise<LabelSafetyReport> {
  const started = Date.now();
  const { sample, folds, rounds, seed, features } = validateOptions(options, pipeline.seed);
  const thresholds = resolveProbeThresholds(options.thresholds);
  const { signal } = options;
  const progress = (phase: ProbeProgress['phase'], done: number, total: number) =>
    options.onProgress?.({ phase, done, total });

  progress('listing', 0, 0);
  const { plan, entries, unlistable } = await listDataset(root, {
    labelsCsv: options.labelsCsv,
    classNames: options.classNames,
    followExternalLinks: options.followExternalLinks,
    signal,
  });
  const folded = stratifiedFolds(entries, sample, folds, createRng(seed));
  const { classes } = folded;
  if (!classes.length) {
    throw new UsageError(
      `No labelled images in ${root}: the probe needs class folders (root/<class>/img) or --labels`,
    );
  }
  // Only the sampled members of a container source are read (one pass over their containers).
  await fillMemberContents(
    plan,
    folded.entries.map((e) => e.entry),
  );
  const loaded = await loadProbeImages(
    folded.entries.map((e) => ({ entry: e.entry, classIndex: e.classIndex })),
    PROBE_DEFAULTS.workingSize,
    {
      maxPixels: options.maxPixels,
      signal,
      onImage: (done) => progress('decoding', done, folded.entries.length),
    },
  );
  const kept = loaded.images.flatMap((image, i) => (image ? [{ image, fold: folded.entries[i].fold }] : []));
  // Grey only when every image is: a colour dataset's grey images are widened, as ImageFolder does.
  const channels: 1 | 3 = kept.every((k) => k.image.image.channels === 1) ? 1 : 3;
  const images = kept.map(({ image }) =>
    channels === 3 ? { ...image, image: widenToRgb(image.image) } : image,
  );
  const foldOf = Int32Array.from(kept, (k) => k.fold);
  const look = lookOfImages(kept.map((k) => k.image));
  const { numberedClasses } = plan;
  const rules = labelRules(pipeline, { classes, look, numberedClasses });
  const failures = [...loaded.failed, ...unlistable];
  const warnings = failures.length
    ? [`${failures.length} file(s) could not be read and were left out of the probe (see failures)`]
    : [];
  if (numberedClasses) warnings.unshift(NUMBERED_CLASSES_NOTE);
  const firstKind = featureKind(features, look);
  const heldOutFirst = foldOf.filter((f) => f === 0).length;
  const report: LabelSafetyReport = {
    mode: 'probe',
    cleanAccuracy: null,
    judgeable: false,
    judgeableThreshold: null,
    backend: null,
    features:
      firstKind.kind === 'content'
        ? contentFeatureInfo(firstKind.reason)
        : chooseFeatures(firstKind.kind, firstKind.reason, channels).info,
    sample: {
      train: images.length - heldOutFirst,
      heldOut: heldOutFirst,
      folds,
      rounds,
      classes,
      channels,
      failed: failures.length,
      seed,
      workingSize: PROBE_DEFAULTS.workingSize,
    },
    thresholds,
    look,
    transforms: [],
    rules,
    warnings,
    failures,
    durationMs: 0,
  };

  const trainedClasses = new Set(images.filter((_, i) => foldOf[i] !== 0).map((i) => i.classIndex)).size;
  if (classes.length < 2 || trainedClasses < 2 || heldOutFirst === 0) {
    const why = `the probe model could not be trained (${classes.length} class(es), ${images.length - heldOutFirst} train and ${heldOutFirst} held-out images): verdicts come from the rules only`;
    warnings.push(why);
    return finish(report, pipeline, [], why, started);
  }

  const { tf, backend } = await loadTf();
  report.backend = backend;
  const needed = round4(judgeableThreshold(thresholds, classes.length));
  const measureWith = async (space: FeatureSpace) => {
    report.features = space.info;
    const cleanRows = await cleanFeatureRows(space, images, signal, (done) =>
      progress('features', done, images.length),
    );
    const scale = fitScaler(space, cleanRows);
    scale(cleanRows);
    return measureCosts(pipeline, {
      tf,
      space,
      scale,
      images,
      cleanRows,
      folds: foldOf,
      classes,
      seed,
      thresholds,
      rounds,
      mlp: DEFAULT_MLP,
      judgeableThreshold: needed,
      signal,
      onModel: (done, planned) => progress('training', done, planned),
    });
  };
  let measured = await measureWith(await featureSpace(firstKind, channels));
  if (!measured.judgeable && firstKind.kind !== 'content') {
    // The cheap features were too weak: auto moves to the content embedding, measured again from the start.
    const next = featureKind(features, look, { accuracy: measured.cleanAccuracy, needed });
    if (next.kind === 'content') measured = await measureWith(await featureSpace(next, channels));
  }
  Object.assign(report, {
    cleanAccuracy: round4(measured.cleanAccuracy),
    judgeableThreshold: needed,
    judgeable: measured.judgeable,
  });
  if (!measured.judgeable) {
    const why = `the probe model could not judge: clean held-out accuracy ${measured.cleanAccuracy.toFixed(2)} is below ${needed.toFixed(2)}; verdicts come from the rules only`;
    warnings.push(why);
    return finish(report, pipeline, [], why, started);
  }
  return finish(report, pipeline, measured.steps, undefined, started);
}

function finish(
  report: LabelSafetyReport,
  pipeline: Pipeline,
  measured: (JudgedCost | undefined)[],
  unmeasured: string | undefined,
  started: number,
): LabelSafetyReport {
  report.transforms = transformSafety(pipeline, report.rules, measured, unmeasured);
  report.durationMs = Date.now() - started;
  return report;
}

/** The feature space of a kind; content loads its model (once per process). */
async function featureSpace({ kind, reason }: FeatureKind, channels: 1 | 3): Promise<FeatureSpace> {
  return kind === 'content' ? contentFeatureSpace(reason) : chooseFeatures(kind, reason, channels);
}

/** Rows of the untransformed sample, in chunks that let progress and Ctrl-C through (content takes seconds). */
async function cleanFeatureRows(
  space: FeatureSpace,
  images: readonly ProbeImage[],
  signal: AbortSignal | undefined,
  onRows: (done: number) => void,
): Promise<Float32Array> {
  const dim = space.info.dim;
  const out = new Float32Array(images.length * dim);
  for (let at = 0; at < images.length; at += FEATURE_CHUNK) {
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
    const chunk = images.slice(at, at + FEATURE_CHUNK).map((i) => i.image);
    out.set(space.rows(chunk), at * dim);
    onRows(at + chunk.length);
  }
  return out;
}

const FEATURE_CHUNK = 64;

const FEATURE_CHOICES: readonly FeatureChoice[] = ['auto', 'pixels', 'pooled', 'content'];

function validateOptions(options: ProbeOptions, pipelineSeed: number) {
  const sample = options.sample ?? PROBE_DEFAULTS.sample;
  if (!Number.isInteger(sample) || sample < 2) throw invalidOption('sample', 'an integer >= 2', sample);
  const heldOutFraction = options.heldOutFraction ?? PROBE_DEFAULTS.heldOutFraction;
  if (!(heldOutFraction > 0 && heldOutFraction <= 0.5))
    throw invalidOption('heldOutFraction', 'a number above 0 and at most 0.5', heldOutFraction);
  const folds = Math.max(2, Math.round(1 / heldOutFraction));
  const rounds = options.rounds ?? PROBE_DEFAULTS.rounds;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > folds)
    throw invalidOption('rounds', `an integer between 1 and ${folds} (the folds)`, rounds);
  const seed = options.seed ?? pipelineSeed;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw invalidOption('seed', `an integer between 0 and ${MAX_SEED}`, seed);
  const features = options.features ?? PROBE_DEFAULTS.features;
  if (!FEATURE_CHOICES.includes(features))
    throw invalidOption('features', FEATURE_CHOICES.join(', '), features);
  return { sample, folds, rounds, seed, features };
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
