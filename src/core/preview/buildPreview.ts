import { toBytes, type AugImage } from '../augment/augImage';
import { findTransform } from '../augment/registry';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import { loadAugImage } from '../export/loadAugImage';
import { listDataset } from '../export/listDataset';
import { outputRng, runPipeline, type AppliedStep } from '../pipeline/runPipeline';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { checkPipelineFits } from '../pipeline/validatePipeline';
import type { FileEntry } from '../scan/scanDataset';
import { UsageError, messageOf, throwIfAborted } from '../util/errors';
import { shuffledPerClass } from './samplePerClass';

export interface PreviewOptions {
  /** Files shown per class (rows). Default 1. */
  perClass?: number;
  /** Augmented variants beside each original (columns - 1). Default 3. */
  variants?: number;
  /** Overrides the pipeline's seed (picks other files and other variants). */
  seed?: number;
  /** At most this many classes (rows per class times classes is the grid height). Default 16. */
  maxClasses?: number;
  labelsCsv?: string;
  /** Follow symbolic links that lead outside the dataset folder (see ScanOptions). */
  followExternalLinks?: boolean;
  /** Refuse images (and pipeline output sizes) larger than this many pixels. Default: the analysis's limit. */
  maxPixels?: number;
  signal?: AbortSignal;
}

/** One image of the grid: 8-bit pixels plus the text to print under it. */
export interface PreviewCell {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
  /** Short caption: class and file for originals, the applied transforms for variants. */
  caption: string;
  /** Exact params of each applied transform (variants only). */
  applied: AppliedStep[];
}

export interface PreviewRow {
  className: string;
  file: string;
  original: PreviewCell;
  variants: PreviewCell[];
  /** Set when the file could not be decoded (the row then has no cells worth showing). */
  error?: string;
}

export interface Preview {
  seed: number;
  rows: PreviewRow[];
}

/**
 * Before/after preview: a seeded sample per class, each original beside `variants` augmented versions. Variant k
 * of a file uses the same seed as copy k of `dataset-lens augment`, so the preview shows exactly what export
 * writes. The CLI renders it to a PNG (renderPreviewPng); the VS Code panel can show the cells itself.
 */
export async function buildPreview(
  root: string,
  pipeline: Pipeline,
  options: PreviewOptions = {},
): Promise<Preview> {
  const seed = options.seed ?? pipeline.seed;
  const variants = options.variants ?? 3;
  checkPipelineFits(pipeline, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const { entries } = await listDataset(root, {
    labelsCsv: options.labelsCsv,
    followExternalLinks: options.followExternalLinks,
    signal: options.signal,
  });
  if (entries.length === 0) throw new UsageError(`No images found in ${root}`);
  const { sample, loaded } = await pickDecodable(
    entries,
    options.perClass ?? 1,
    seed,
    options.maxClasses ?? 16,
    options.maxPixels,
  );
  const rows: PreviewRow[] = [];
  sample.forEach(({ className, entry }, i) => {
    throwIfAborted(options.signal);
    const shownClass = className || '(no class)';
    const title = `${shownClass} · ${entry.file}`;
    const result = loaded[i];
    if ('error' in result) {
      rows.push({
        className: shownClass,
        file: entry.file,
        original: emptyCell(title),
        variants: [],
        error: result.error,
      });
      return;
    }
    const cells: PreviewCell[] = [];
    for (let k = 0; k < variants; k++) {
      const run = runPipeline(pipeline, result.image, outputRng(seed, entry.file, k));
      cells.push(toCell(run.image, captionOf(run.applied), run.applied));
    }
    rows.push({
      className: shownClass,
      file: entry.file,
      original: toCell(result.image, title, []),
      variants: cells,
    });
  });
  return { seed, rows };
}

/** Spare candidates tried per class when sampled files do not decode (corrupt, unsupported...). */
const SPARES = 8;

/**
 * The seeded sample: per class, the first `perClass` files of its shuffled order that decode (classes in
 * parallel; spares are only decoded when a pick fails, at most SPARES of them). A class whose candidates all fail
 * keeps one row carrying the error.
 */
async function pickDecodable(
  entries: readonly FileEntry[],
  perClass: number,
  seed: number,
  maxClasses: number,
  maxPixels: number | undefined,
) {
  const perClassPicks = await Promise.all(
    shuffledPerClass(entries, seed, maxClasses).map(async ({ className, candidates }) => {
      const picks: { className: string; entry: FileEntry; result: Loaded }[] = [];
      let firstFailure: { entry: FileEntry; result: Loaded } | undefined;
      let next = 0;
      const limit = Math.min(candidates.length, perClass + SPARES);
      while (picks.length < perClass && next < limit) {
        const batch = candidates.slice(next, Math.min(limit, next + perClass - picks.length));
        next += batch.length;
        const results = await Promise.all(batch.map((entry) => tryLoad(entry, maxPixels)));
        results.forEach((result, i) => {
          if ('image' in result) picks.push({ className, entry: batch[i], result });
          else firstFailure ??= { entry: batch[i], result };
        });
      }
      if (picks.length === 0 && firstFailure) picks.push({ className, ...firstFailure });
      return picks;
    }),
  );
  const flat = perClassPicks.flat();
  return {
    sample: flat.map(({ className, entry }) => ({ className, entry })),
    loaded: flat.map((p) => p.result),
  };
}

type Loaded = { image: AugImage } | { error: string };

async function tryLoad(entry: FileEntry, maxPixels: number | undefined): Promise<Loaded> {
  try {
    return { image: (await loadAugImage(entry, maxPixels)).image };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function toCell(image: AugImage, caption: string, applied: AppliedStep[]): PreviewCell {
  return {
    width: image.width,
    height: image.height,
    channels: image.channels,
    pixels: toBytes(image),
    caption,
    applied,
  };
}

function emptyCell(caption: string): PreviewCell {
  return { width: 1, height: 1, channels: 1, pixels: new Uint8Array(1), caption, applied: [] };
}

/** "rotate 12.3°, flip H" — or "(unchanged)" when no transform fired. */
export function captionOf(applied: readonly AppliedStep[]): string {
  if (applied.length === 0) return '(unchanged)';
  return applied.map((step) => findTransform(step.name)?.describe(step.params) ?? step.name).join(', ');
}
