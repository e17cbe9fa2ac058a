import * as path from 'node:path';
import type { FileEntry } from '../scan/scanPlan';
import { createRng } from '../util/rng';
import { classOf } from './listDataset';
import { outputFormatFor, type OutputFormat } from './outputFormat';
import { outputName } from './outputNames';

/** The `copy` of an output that is the source itself, unaugmented (`keepOriginals`). */
export const ORIGINAL_COPY = -1;

/** One file to write: which source, which copy (ORIGINAL_COPY: the source as it is), where, in which format. */
export interface PlannedOutput {
  entry: FileEntry;
  copy: number;
  /** Path relative to the output root, '/'-separated. */
  file: string;
  format: OutputFormat;
}

/** How many outputs each class gets (per split when the dataset has splits). */
export interface ClassPlan {
  split?: string;
  className: string;
  sources: number;
  /** Augmented outputs. */
  outputs: number;
  /** Copies per source image: [fewest, most] (they differ by at most 1 under --balance). */
  copiesPerImage: [number, number];
  /** The sources written unaugmented beside their copies (`keepOriginals`), else 0. */
  originals?: number;
}

export interface PlanOptions {
  copies: number;
  balance: boolean;
  seed: number;
  format?: OutputFormat;
  /** Write each source unaugmented too (same relative path), so the output is a complete training set. */
  keepOriginals?: boolean;
}

/**
 * Decides every output before any pixel is touched, so a run is resumable and reports its totals up front.
 * Without --balance each source gets `copies` outputs. With it, every class of a split gets as many outputs as its
 * largest class (largest * copies): each image gets the same share, and a seeded choice of images gets one more.
 */
export function planOutputs(
  entries: readonly FileEntry[],
  options: PlanOptions,
): { outputs: PlannedOutput[]; classes: ClassPlan[] } {
  const groups = new Map<string, FileEntry[]>();
  for (const entry of entries) {
    const key = `${entry.split ?? ''}\u0000${classOf(entry)}`;
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  const largestPerSplit = new Map<string, number>();
  for (const [key, list] of groups) {
    const split = key.split('\u0000')[0];
    largestPerSplit.set(split, Math.max(largestPerSplit.get(split) ?? 0, list.length));
  }

  const copiesOf = new Map<FileEntry, number>();
  const classes: ClassPlan[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [split, className] = key.split('\u0000');
    const target = options.balance
      ? (largestPerSplit.get(split) ?? list.length) * options.copies
      : list.length * options.copies;
    const base = Math.floor(target / list.length);
    const extra = target - base * list.length;
    for (const entry of list) copiesOf.set(entry, base);
    for (const entry of seededPick(list, extra, options.seed, key)) copiesOf.set(entry, base + 1);
    classes.push({
      split: split || undefined,
      className,
      sources: list.length,
      outputs: target,
      copiesPerImage: [base, extra > 0 ? base + 1 : base],
      ...(options.keepOriginals ? { originals: list.length } : {}),
    });
  }

  const outputs: PlannedOutput[] = [];
  const taken = new Set<string>();
  for (const entry of entries) {
    const source = entry.member ? memberOutputName(entry) : entry.file;
    const { format, extension } = outputFormatFor(source, options.format);
    const dir = path.posix.dirname(source);
    const name = path.posix.basename(source);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    if (options.keepOriginals) {
      // The source's own name (its extension follows the format), unless a copy of another source took it.
      let file = path.posix.join(dir, outputName(stem, extension));
      for (let n = 2; taken.has(file); n++)
        file = path.posix.join(dir, outputName(stem, `_${n}${extension}`));
      taken.add(file);
      outputs.push({ entry, copy: ORIGINAL_COPY, file, format });
    }
    for (let copy = 0; copy < (copiesOf.get(entry) ?? 0); copy++) {
      const ending = `_aug${copy}${extension}`;
      let file = path.posix.join(dir, outputName(stem, ending));
      // a.jpg and a.png in one folder would both become a_aug0.png under --format png: keep them apart.
      if (taken.has(file)) file = path.posix.join(dir, outputName(`${stem}_${name.slice(dot + 1)}`, ending));
      for (let n = 2; taken.has(file); n++)
        file = path.posix.join(
          dir,
          outputName(`${stem}_${name.slice(dot + 1)}`, `_aug${copy}_${n}${extension}`),
        );
      taken.add(file);
      outputs.push({ entry, copy, file, format });
    }
  }
  return { outputs, classes };
}

/**
 * Where a container's member goes in the exported folder: `<split>/<class>/<container>_<member>`, an image folder
 * any loader reads (`train-00000-of-00001.parquet#12` labelled cat: `train/cat/train-00000-of-00001_12`). Class
 * names become single folder names ("T-shirt/top": `T-shirt_top`).
 */
function memberOutputName(entry: FileEntry): string {
  const at = entry.file.indexOf('#');
  const container = path.posix
    .basename(entry.file.slice(0, at))
    .replace(/\.(tar\.gz|tgz|tar|parquet|gz)$/i, '');
  const member = entry.file.slice(at + 1);
  const segments = [entry.split, entry.label].filter((s): s is string => !!s).map(folderName);
  return [...segments, folderName(`${container}_${member}`)].join('/');
}

function folderName(text: string): string {
  const safe = text.replace(/[/\\\0]/g, '_');
  return safe === '.' || safe === '..' ? '_' : safe;
}

/** `count` entries of `list` chosen by a seeded shuffle keyed by the group, independent of other groups. */
function seededPick(list: readonly FileEntry[], count: number, seed: number, key: string): FileEntry[] {
  if (count <= 0) return [];
  let hash = seed | 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  const rng = createRng(hash);
  const pool = list.slice();
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
