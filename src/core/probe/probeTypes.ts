import type { ParamValue } from '../augment/transform';

/**
 * The label-safety result: what `dataset-lens probe --json` prints, what `analyze --pipeline` puts in
 * `labelSafety`, and what the VS Code panel shows beside each transform. The one source of these types.
 */

/** `breaks`: changes what the label means (6 -> 9); `risky`: destroys much of it; `safe`: neither was found. */
export type Verdict = 'safe' | 'risky' | 'breaks';

/** Every threshold of the measured verdicts; all can be changed (`--thresholds name=value,...`). */
export interface ProbeThresholds {
  /** A class moves into another when at least this fraction of its clean-correct held-out images lands there. */
  pairRate: number;
  /** ...unless the target is a sink: the mean rate of the other classes into it must stay below this. */
  sinkRate: number;
  /**
   * ...and the moved images must look like real members of the target: their median distance to its nearest
   * training image at most this many times that of its own held-out images (see Typicality).
   */
  maxDistanceRatio: number;
  /** Classes with fewer clean-correct held-out images than this are not judged for pairs. */
  minSupport: number;
  /** `risky` when held-out accuracy drops by at least this (absolute, 0..1). */
  riskyDrop: number;
  /** The clean model can judge when held-out accuracy >= max(minAccuracy, chance + minAboveChance * (1 - chance)). */
  minAccuracy: number;
  minAboveChance: number;
  /** Pairs listed in the result: label-change rates at or above this. */
  reportRate: number;
}

export interface ProbeProgress {
  phase: 'listing' | 'decoding' | 'training' | 'evaluating';
  done: number;
  total: number;
}

export interface ProbeOptions {
  /** At most this many labelled images, sampled per class in proportion (default 2000). */
  sample?: number;
  /** Seed of the sample, the split, the model's initial weights, batch order and transform draws. */
  seed?: number;
  /** Fraction of each class held out to measure on (default 0.25). */
  heldOutFraction?: number;
  thresholds?: Partial<ProbeThresholds>;
  /** A `file,label[,split]` CSV giving labels instead of folder names. */
  labelsCsv?: string;
  /** Follow symbolic links that lead outside the dataset folder (see ScanOptions). */
  followExternalLinks?: boolean;
  maxPixels?: number;
  signal?: AbortSignal;
  onProgress?(progress: ProbeProgress): void;
}

/** What the images look like, for the look-based rule (MNIST-style glyphs). */
export interface DatasetLook {
  images: number;
  /** Fraction of images that are grey (one channel, or three equal ones). */
  greyFraction: number;
  medianWidth: number;
  medianHeight: number;
  /** Median width / height. */
  medianAspect: number;
  /** Foreground centred on a plain background; null when unknown (rules computed from an analyze report). */
  centred: boolean | null;
}

export type RuleId =
  'digits' | 'letters' | 'text' | 'orientation' | 'scene' | 'colour' | 'brightness' | 'glyphLook';

/** A rule that fired on one pipeline step. */
export interface RuleFinding {
  rule: RuleId;
  /** The step's position in the pipeline and its transform name. */
  index: number;
  name: string;
  verdict: Exclude<Verdict, 'safe'>;
  /** Class names that made the rule fire (empty for the look rule). */
  classes: string[];
  /** Label pairs the transform maps onto each other, e.g. [["6", "9"], ["9", "6"]]. */
  pairs: [string, string][];
  reason: string;
}

/** Of the held-out images of `from` the clean model got right, the fraction predicted `to` after the transform. */
export interface PairRate {
  from: string;
  to: string;
  rate: number;
  /** Clean-correct held-out images of `from` (the denominator). */
  support: number;
  /** For rates >= pairRate: how unlike real `to` images the moved ones are (1 = alike; see maxDistanceRatio). */
  distanceRatio?: number;
}

export interface VariantMeasure {
  /** Held-out accuracy after the transform. */
  accuracy: number;
  /** Clean accuracy minus `accuracy`. */
  accuracyDrop: number;
  verdict: Verdict;
  pairs: PairRate[];
}

/** The worse of the two endpoint settings: every range option collapsed to its min, then to its max. */
export interface StrongestMeasure extends VariantMeasure {
  end: 'min' | 'max';
  /** The collapsed values, e.g. { degrees: 180 }. */
  params: Record<string, ParamValue>;
}

export interface TransformSafety {
  index: number;
  name: string;
  /** The step's own probability (the probe applies every step alone with p = 1). */
  p: number;
  /** The worse of the measured verdict and the rules' verdict (the look rule counts only when not measured). */
  verdict: Verdict;
  /** null when the probe did not measure (rules only, or a model too weak to judge). */
  measuredVerdict: Verdict | null;
  ruleVerdict: Verdict;
  /** The larger of strongest.accuracyDrop and configured.accuracyDrop. */
  accuracyDrop: number | null;
  strongest: StrongestMeasure | null;
  configured: VariantMeasure | null;
  /** Label changes of either setting (the higher rate of each pair), highest first. */
  pairs: PairRate[];
  reasons: string[];
}

export interface ProbeSampleInfo {
  train: number;
  heldOut: number;
  /** Class names in label order (sorted, as Keras and torchvision number them). */
  classes: string[];
  /** Model input channels: 1 when every sampled image is grey. */
  channels: 1 | 3;
  /** Sampled files that could not be decoded (left out). */
  failed: number;
  seed: number;
  /** Side of the square working image the transforms run on. */
  workingSize: number;
  /** Side of the square model input. */
  inputSize: number;
}

export interface LabelSafetyReport {
  /** `probe`: a model measured the transforms; `rules`: class names and the dataset's look only. */
  mode: 'probe' | 'rules';
  /** Held-out accuracy of the probe model on untransformed images. */
  cleanAccuracy: number | null;
  /** Whether the model is good enough for measured verdicts (false in rules mode). */
  judgeable: boolean;
  /** The accuracy the clean model needed to judge. */
  judgeableThreshold: number | null;
  backend: string | null;
  sample: ProbeSampleInfo | null;
  thresholds: ProbeThresholds;
  look: DatasetLook | null;
  transforms: TransformSafety[];
  rules: RuleFinding[];
  warnings: string[];
  durationMs: number;
}
