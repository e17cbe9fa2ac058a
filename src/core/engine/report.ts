import type { ImbalanceReport } from '../classes/imbalance';
import type { ContentReport } from '../content/contentCollector';
import type { LabelIssue } from '../content/labelIssues';
import type { SplitMismatch } from '../classes/splitMismatch';
import type { PropertiesReport } from '../properties/properties';
import type { QualityReport } from '../quality/qualityCollector';
import type { QualityKind } from '../quality/qualityKinds';
import type { LabelSafetyReport } from '../probe/probeTypes';
import type { Layout } from '../scan/scanPlan';
import type { SampleConfidence } from '../stats/sampleConfidence';
import type { GroupStats } from '../stats/statsAccumulator';

/** Bumped whenever a field of the JSON report changes meaning or disappears (adding fields does not bump it). */
export const REPORT_SCHEMA_VERSION = 1;

export type IssueKind =
  | 'corrupt'
  | 'unreadable'
  | 'unsupported'
  | 'too_large'
  | 'missing'
  | 'unlistable'
  /** The labels file lists the file but its rows cannot be used as written (they disagree, the label is empty). */
  | 'unusable_label'
  | QualityKind;

export interface FileIssue {
  file: string;
  kind: IssueKind;
  message: string;
  /** For quality kinds: the measured value the threshold applied to (duplicates and leakage: the group index). */
  score?: number;
  /**
   * 0..1, how far past its threshold the file lies (1 = the extreme; checks with no degree, such as unreadable
   * files, duplicates and leakage, are 1): one scale for every kind.
   */
  severity?: number;
  /** The file's class and split, when it has them. */
  class?: string;
  split?: string;
}

export interface ClassEntry {
  name: string;
  /** Position in the sorted class list: the label index Keras and torchvision's ImageFolder assign. */
  index: number;
  /** Image files labelled with this class (all splits). */
  count: number;
}

export interface SplitEntry {
  name: string;
  /** Image files in the split, with a class or not. */
  files: number;
  /** Those without a class (files loose in the split's folder, or unlabelled in the CSV); absent when none. */
  unlabelled?: number;
  classes: { name: string; count: number }[];
}

/** The analysis of one dataset: what `dataset-lens analyze --json` prints. */
export interface DatasetReport {
  schemaVersion: number;
  tool: { name: 'dataset-lens'; version: string };
  root: string;
  layout: Layout;
  /**
   * Present when the class names are a container's label numbers (an idx file, a Parquet file without names),
   * not names: they say nothing of the images, so no rule reads "6" as a digit. A classes.txt names them.
   */
  numberedClasses?: true;
  /** Image candidates found (by extension). */
  files: number;
  /** Files decoded successfully (of the sample, when sampling). */
  images: number;
  skipped: {
    hidden: number;
    nonImage: number;
    /** Links to folders listed by another path (loops, aliases): each image is counted once, at its own path. */
    symlinkLoops: number;
    /** Links leading outside the dataset folder, not followed (AnalyzeOptions.followExternalLinks follows them). */
    outsideRoot: number;
    ignoredLoose: number;
    /** Images left out by the dataset's .datasetlensignore. */
    excluded: number;
    unlabelled: number;
  };
  sample: { size: number; seed: number; population: number } | null;
  classes: ClassEntry[];
  splits: SplitEntry[];
  imbalance: ImbalanceReport | null;
  splitMismatch: SplitMismatch[];
  /** Whole-dataset statistics on the 0..1 scale, featurewise (pooled over every pixel). */
  /** With --sample, `confidence95` gives 95% intervals of the whole-dataset mean and std. */
  stats: (GroupStats & { channelPolicy: string; confidence95?: SampleConfidence }) | null;
  statsByClass: Record<string, GroupStats>;
  statsBySplit: Record<string, GroupStats>;
  properties: PropertiesReport;
  issues: FileIssue[];
  quality: QualityReport;
  warnings: string[];
  durationMs: number;
  /** With `--content`: the content model, outliers and how near duplicates were searched. */
  content?: ContentReport;
  /** With `--content`: images whose label is likely wrong, likeliest first (how: `content.labelIssues`). */
  labelIssues?: LabelIssue[];
  /** With `--pipeline`: transforms that change what labels mean (rules; measured with `--probe`). */
  labelSafety?: LabelSafetyReport;
  /**
   * Only on the snapshots an editor receives while a run goes on (never on a finished report, so never in the
   * CLI's JSON): how far the run had got. Everything in such a report covers the files analysed so far; duplicate
   * and leakage groups, odd sizes and imbalance may change until the run finishes.
   */
  partial?: PartialMark;
}

/** How far a run had got when a partial report was taken. */
export interface PartialMark {
  /** Files analysed (from the cache or decoded). */
  done: number;
  /** Files to analyse, as far as the scan had got. */
  total: number;
  /** True while the tree was still being listed (`total` and the class counts could still grow). */
  scanning: boolean;
}
