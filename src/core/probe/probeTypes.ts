import type { ClassNamesOption } from '../scan/scanPlan';
/**
 * The label-safety result: what `dataset-lens probe --json` prints, what `analyze --pipeline` puts in
 * `labelSafety`, and what the VS Code panel shows beside each transform. The one source of these types.
 */

/**
 * `breaks`: changes what the label means (6 -> 9): training with it costs accuracy, mostly as confusions between
 * named classes; `risky`: training with it costs accuracy (or a rule warns); `safe`: neither was found.
 */
export type Verdict = 'safe' | 'risky' | 'breaks';

/** Every threshold of the measured verdicts; all can be changed (`--thresholds name=value,...`). */
export interface ProbeThresholds {
  /** Significance level of the paired tests (McNemar overall, and per class pair after Bonferroni). */
  alpha: number;
  /** The cost that matters: max(marginFloor, marginShare x the null model's error rate) of clean accuracy. */
  marginFloor: number;
  marginShare: number;
  /** `breaks` when the significant class pairs carry at least this share of the extra errors. */
  pairShare: number;
  /** The null model can judge when held-out accuracy >= max(minAccuracy, chance + minAboveChance * (1 - chance)). */
  minAccuracy: number;
  minAboveChance: number;
}

export interface ProbeProgress {
  /** In training, `total` is the models planned so far: it grows when a step needs another round. */
  /** `features`: what the model reads, computed for the untransformed sample (content: a model pass each). */
  phase: 'listing' | 'decoding' | 'features' | 'training';
  done: number;
  total: number;
}

export interface ProbeOptions {
  /** At most this many labelled images, sampled per class in proportion (default 2000). */
  sample?: number;
  /** Seed of the sample, the split, the model's initial weights, batch order and transform draws. */
  seed?: number;
  /** Fraction of each class held out to measure on (default 0.25): the sample is cut into 1 / this folds. */
  heldOutFraction?: number;
  /** Most rounds (folds, each with its own model seeds) a step whose cost is still unclear gets (default 3). */
  rounds?: number;
  /**
   * What the model reads (default `auto`: pixels for centred objects on a plain background, else pooled, or the
   * content embedding when pooled features are too weak to judge).
   */
  features?: FeatureChoice;
  thresholds?: Partial<ProbeThresholds>;
  /** A `file,label[,split]` CSV giving labels instead of folder names. */
  labelsCsv?: string;
  /** A file naming a container's numbered classes, one name a line (see CLASS_NAMES_FILE). */
  classNames?: ClassNamesOption;
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
  /**
   * Share of all pixels more than INK_LEVELS grey levels from the commonest level (the background), over the
   * whole set: small for thin strokes, large for filled silhouettes and photos; null when unknown.
   */
  inkCoverage: number | null;
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

/**
 * Two classes a step confuses: measured (the confusion grew when training with the step), named by a rule, or
 * both. Listed in both directions, like the rules' pairs.
 */
export interface LabelPair {
  from: string;
  to: string;
  /**
   * Net growth of "`from` read as `to`" on clean held-out images when the model trained with the step, as a
   * fraction of the held-out `from` images (0.05 = 5 more in 100); null when not measured.
   */
  rate: number | null;
  source: 'measured' | 'rule' | 'both';
  /** Sign test of the pair's symmetric confusion growth, Bonferroni-adjusted over the class pairs. */
  pValue?: number;
}

/** What training with one step costs, against the null control (the same amount of untransformed data). */
export interface StepCost {
  /** Clean held-out accuracy of the null model minus that of the model trained with the step (0..1). */
  cost: number;
  /** 95% interval of the cost (paired, Agresti-Min). */
  interval: [number, number];
  /** The cost that matters here: costs above it with a significant test make the step risky. */
  margin: number;
  test: {
    name: 'McNemar';
    /** One-sided exact p-value of "training with the step makes more held-out errors". */
    pValue: number;
    /** Held-out images only the model trained with the step got wrong. */
    worse: number;
    /** Held-out images only the model trained with the step got right. */
    better: number;
  };
  /** `costs`: significant and above the margin; `noCost`: the interval stays below the margin; else `unclear`. */
  decision: 'costs' | 'noCost' | 'unclear';
  /** Held-out predictions pooled over the rounds. */
  heldOut: number;
  rounds: number;
  nullAccuracy: number;
  withAccuracy: number;
}

export interface TransformSafety {
  index: number;
  name: string;
  /** The step's own probability (the probe trains with every step alone, applied to every copy). */
  p: number;
  /**
   * The worse of the measured verdict and the rules' verdict, except that a measured `noCost` overrules the
   * rules' `risky` findings (never a `breaks`: a rule naming classes that swap is a fact about the labels).
   */
  verdict: Verdict;
  /** null when the probe did not measure (rules only, or a model too weak to judge). */
  measuredVerdict: Verdict | null;
  ruleVerdict: Verdict;
  measured: StepCost | null;
  /** Measured pairs first (largest growth first), then the rules' pairs. */
  pairs: LabelPair[];
  /** Rules whose `risky` finding the measurement overruled. */
  overruled: RuleId[];
  reasons: string[];
}

export type FeatureChoice = 'auto' | 'pixels' | 'pooled' | 'content';

/** What the probe model reads. */
export interface ProbeFeatures {
  kind: 'pixels' | 'pooled' | 'content';
  /** Length of the feature vector. */
  dim: number;
  /** In words, e.g. "24x24 grey pixels". */
  detail: string;
  /** Why these features (the automatic choice, or the option). */
  reason: string;
}

export interface ProbeSampleInfo {
  /** Train and held-out images of the first round. */
  train: number;
  heldOut: number;
  /** The sample is cut into this many stratified folds; round r holds out fold r. */
  folds: number;
  /** Most rounds a step can get. */
  rounds: number;
  /** Class names in label order (sorted, as Keras and torchvision number them). */
  classes: string[];
  /** Model input channels: 1 when every sampled image is grey. */
  channels: 1 | 3;
  /** Sampled files that could not be decoded, and paths the scan could not list (left out; see failures). */
  failed: number;
  seed: number;
  /** Side of the square working image the transforms run on. */
  workingSize: number;
}

export interface LabelSafetyReport {
  /** `probe`: a model measured the transforms; `rules`: class names and the dataset's look only. */
  mode: 'probe' | 'rules';
  /** Clean held-out accuracy of the null model (clean train part + an untransformed copy) in the first round. */
  cleanAccuracy: number | null;
  /** Whether the model is good enough for measured verdicts (false in rules mode). */
  judgeable: boolean;
  /** The accuracy the null model needed to judge. */
  judgeableThreshold: number | null;
  backend: string | null;
  features: ProbeFeatures | null;
  sample: ProbeSampleInfo | null;
  thresholds: ProbeThresholds;
  look: DatasetLook | null;
  transforms: TransformSafety[];
  rules: RuleFinding[];
  warnings: string[];
  /** Sampled files that could not be decoded and paths the scan could not list: left out of the probe. */
  failures: { file: string; message: string }[];
  durationMs: number;
}
