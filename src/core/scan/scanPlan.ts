/**
 * What a scan gives the analysis: the layout of a dataset and its image entries. Types only: the folder walk
 * (scanDataset.ts) and the container sources (src/core/source) both make them.
 */
import type { MemberContent } from '../source/memberContent';
import type { WalkCounters } from './walk';

/** Folder layouts, then containers (src/core/source): MNIST idx files, Hugging Face Parquet, WebDataset tar shards. */
export type Layout = 'imagefolder' | 'splits' | 'csv' | 'flat' | 'idx' | 'parquet' | 'webdataset';

/** An image candidate with its label and split, ready to be analysed. */
export interface FileEntry {
  /** Path relative to the dataset root, '/'-separated (invalid UTF-8 shown as U+FFFD). */
  file: string;
  /** Absolute path to open (bytes when the name is not valid UTF-8). */
  open: string | Uint8Array;
  /** -1 when the scan did not stat files (ScanOptions.statFiles); the analysis then learns the size. */
  size: number;
  mtimeMs: number;
  label?: string;
  split?: string;
  /**
   * Why the labels file lists this file but gives it no label (rows that disagree, an empty label): the file is
   * unlabelled, and reported as an `unusable_label` issue.
   */
  labelIssue?: string;
  /** A container's member: `file` is `container#member`, `open` the container (see src/core/source). */
  member?: boolean;
  /** A member's bytes, when they have been read (a listing keeps members without them: withMemberContents). */
  content?: MemberContent;
}

export interface ScanPlan {
  root: string;
  layout: Layout;
  /** Class folders found (including empty ones), by split when the layout has splits; for csv, filled while streaming. */
  classFolders: Map<string, Set<string>>;
  /** Those of classFolders that are links leading outside the dataset, not followed (their images are not read). */
  unfollowedClassLinks?: Map<string, Set<string>>;
  splitNames: string[];
  warnings: string[];
  /** The class names are label numbers of a container, not names: no rule may read them as digits. */
  numberedClasses?: boolean;
  /** Entries come with their size and mtime (container members): nothing to stat. */
  stamped?: boolean;
  /** The patterns of the dataset's .datasetlensignore (empty without one): what is left out of every listing. */
  excludePatterns: string[];
  /** Lazily walks the tree; each entry is produced once, in a stable order. */
  entries(counters: WalkCounters): AsyncGenerator<FileEntry>;
  /** The same entries in order, a chunk at a time (for hot loops: one await per chunk). */
  entryChunks(counters: WalkCounters): AsyncGenerator<FileEntry[]>;
  /** CSV rows whose file was never found (only meaningful after entries() has been consumed). */
  missingFromDisk(): string[];
}

/**
 * A names file for numbered classes: one the user gave for this source (`--class-names`: where the classes are
 * named already it stops the run, it would be ignored), or one set for whatever source is opened (the panel's
 * `datasetLens.classNamesFile` setting: it applies where the classes are numbers and is left aside elsewhere).
 */
export type ClassNamesOption = string | { file: string; whereNumbered: true };

export interface ScanOptions {
  labelsCsv?: string;
  /** A file naming a container's numbered classes, one name a line (see CLASS_NAMES_FILE). */
  classNames?: ClassNamesOption;
  /**
   * Stat each file for its size and mtime (default true). Without: entries carry size and mtimeMs -1, for runs
   * that keep no cache, where the one stat per file would be the main process's largest cost.
   */
  statFiles?: boolean;
  /** Follow symbolic links that lead outside the dataset folder (default false: counted, not followed). */
  followExternalLinks?: boolean;
}
