import { toBytes, type AugImage, type ImageSize } from '../augment/augImage';
import { findTransform } from '../augment/registry';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import { DECODE_BUDGET_PIXELS, reducedSize } from '../decode/decodeImage';
import { outputRng, type AppliedStep } from '../pipeline/runPipeline';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { checkPipelineFits } from '../pipeline/validatePipeline';
import type { FileEntry } from '../scan/scanPlan';
import { UsageError, messageOf, throwIfAborted } from '../util/errors';
import { fittedSize, resizePixels } from './fitCell';
import { outputScale, scaledPipeline } from './previewScale';
import { listForPreview } from './previewListing';
import { previewSource, type PreviewSource } from './previewSource';
import { runVariant } from './variantSteps';
import { shuffledPerClass } from './samplePerClass';
import { fillMemberContents } from '../source/memberContents';
import type { ClassNamesOption } from '../scan/scanPlan';

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
  /** A file naming a container's numbered classes, one name a line (see CLASS_NAMES_FILE). */
  classNames?: ClassNamesOption;
  /** Follow symbolic links that lead outside the dataset folder (see ScanOptions). */
  followExternalLinks?: boolean;
  /** Side of the box cells are shown in: larger cells are shrunk to it as soon as they are made. Default 256. */
  cellSize?: number;
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
  /** The pipeline index of each applied transform. */
  steps: number[];
}

export interface PreviewRow {
  className: string;
  file: string;
  original: PreviewCell;
  variants: PreviewCell[];
  /** Set when the file could not be decoded (the row then has no cells worth showing). */
  error?: string;
  /**
   * Set when the source or an output size of the pipeline is larger than the decode budget: the row was made at
   * `scale` (the source shrunk to width x height, pixel sizes of the pipeline scaled alike), so its variants look
   * like export's outputs but are not them (export works at full size).
   */
  reduced?: { sourceWidth: number; sourceHeight: number; width: number; height: number; scale: number };
}

export interface Preview {
  seed: number;
  rows: PreviewRow[];
  /** Paths the scan found but could not list (longer than PATH_MAX, a folder that cannot be read). */
  unlistable: { file: string; message: string }[];
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
  checkPipelineFits(pipeline, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const { plan, entries, unlistable } = await listForPreview(root, {
    labelsCsv: options.labelsCsv,
    classNames: options.classNames,
    followExternalLinks: options.followExternalLinks,
    signal: options.signal,
  });
  if (entries.length === 0) {
    const unlisted = unlistable.length ? ` (${unlistable.length} path(s) could not be listed)` : '';
    throw new UsageError(`No images found in ${root}${unlisted}`);
  }
  const row: RowSettings = {
    pipeline,
    seed,
    variants: options.variants ?? 3,
    cellSize: options.cellSize ?? 256,
    maxPixels: options.maxPixels,
    signal: options.signal,
  };
  const perClassCount = options.perClass ?? 1;
  const classes = shuffledPerClass(entries, seed, options.maxClasses ?? 16);
  // A container source: only the members the preview may draw are read (one pass over their containers).
  await fillMemberContents(
    plan,
    classes.flatMap((c) => c.candidates.slice(0, perClassCount + SPARES)),
  );
  const perClass = await Promise.all(
    classes.map(({ className, candidates }) =>
      rowsOfClass(className || '(no class)', candidates, perClassCount, row),
    ),
  );
  // libvips keeps one error buffer per process: a row that failed beside others is made again alone, so its
  // message is its file's own (and a file that failed only through another's error is shown).
  const rows: PreviewRow[] = [];
  for (const { row: made, entry } of perClass.flat())
    rows.push(made.error ? await buildRow(made.className, entry, row) : made);
  return { seed, rows, unlistable };
}

/** Spare candidates tried per class when sampled files do not decode (corrupt, unsupported...). */
const SPARES = 8;

interface RowSettings {
  pipeline: Pipeline;
  seed: number;
  variants: number;
  cellSize: number;
  maxPixels?: number;
  signal?: AbortSignal;
}

/**
 * A class's rows: the first `perClass` files of its shuffled order that decode (spares are only decoded when a
 * pick fails, at most SPARES of them), and a row carrying the error of every file tried that did not: a file
 * is never left out unsaid.
 */
async function rowsOfClass(
  className: string,
  candidates: readonly FileEntry[],
  perClass: number,
  settings: RowSettings,
): Promise<{ row: PreviewRow; entry: FileEntry }[]> {
  const rows: { row: PreviewRow; entry: FileEntry }[] = [];
  let shown = 0;
  let next = 0;
  const limit = Math.min(candidates.length, perClass + SPARES);
  while (shown < perClass && next < limit) {
    const batch = candidates.slice(next, Math.min(limit, next + perClass - shown));
    next += batch.length;
    const results = await Promise.all(batch.map((entry) => buildRow(className, entry, settings)));
    results.forEach((result, i) => {
      rows.push({ row: result, entry: batch[i] });
      if (!result.error) shown++;
    });
  }
  return rows;
}

/**
 * One row: the original and its variants. Params are drawn as export draws them (at the source's size), then
 * applied to the source shrunk to the cell (previewSource.ts, kept between previews): pixels export would throw
 * away when the cell is shrunk are never made. A source or output size over the decode budget is made at a
 * reduced scale instead (`reduced`, whose params are scaled and differ from export's).
 */
async function buildRow(className: string, entry: FileEntry, settings: RowSettings): Promise<PreviewRow> {
  const title = `${className} · ${entry.file}`;
  const { seed, cellSize, pipeline } = settings;
  let source: PreviewSource;
  try {
    source = await previewSource(
      entry,
      (full) => {
        const made = atPreviewScale(full, pipeline);
        return workingSize(made.size, outputSides(made.pipeline), cellSize);
      },
      settings.maxPixels,
      (OVERSAMPLING * cellSize) ** 2,
    );
  } catch (error) {
    return { className, file: entry.file, original: emptyCell(title), variants: [], error: messageOf(error) };
  }
  return oneRowAtATime(async () => {
    throwIfAborted(settings.signal);
    const made = atPreviewScale(source.full, pipeline);
    const variants: PreviewCell[] = [];
    for (let k = 0; k < settings.variants; k++) {
      const rng = outputRng(seed, entry.file, k);
      const id = JSON.stringify([entry.file, k, seed]);
      const run = runVariant(id, made.pipeline, source.working, made.size, rng);
      const cell = cellOf(run.image, captionOf(run.applied), run.applied, run.steps);
      variants.push(await shrinkCell(cell, cellSize));
    }
    const { reduced } = made;
    const caption = reduced
      ? `${title} · made at ${round3(reduced.scale)}x of ${reduced.sourceWidth}x${reduced.sourceHeight}`
      : title;
    const original = await originalCell(source.working, caption, cellSize);
    return { className, file: entry.file, original, variants, ...(reduced && { reduced }) };
  });
}

/** Sources are decoded (shrunk on load) to this many times the cell's side, then averaged down to it. */
const OVERSAMPLING = 2;

/**
 * The size the pipeline is sampled at, and the pipeline: the source's and the pipeline's own when every output
 * fits the decode budget; otherwise the one scale where the source and every output size fit, pixel measures
 * scaled alike.
 */
function atPreviewScale(full: ImageSize, pipeline: Pipeline) {
  const budget = reducedSize(full.width, full.height, DECODE_BUDGET_PIXELS);
  const loaded = full.width * full.height > DECODE_BUDGET_PIXELS ? budget : full;
  const loadedScale = loaded.width / full.width;
  const scale = Math.min(loadedScale, outputScale(pipeline, DECODE_BUDGET_PIXELS));
  if (scale >= 1) return { size: full, pipeline, reduced: undefined };
  const factor = scale / loadedScale;
  const size =
    factor >= 1
      ? loaded
      : {
          width: Math.max(1, Math.round(loaded.width * factor)),
          height: Math.max(1, Math.round(loaded.height * factor)),
        };
  const reduced = { sourceWidth: full.width, sourceHeight: full.height, ...size, scale };
  return { size, pipeline: scaledPipeline(pipeline, scale), reduced };
}

/**
 * The working size for a pipeline sampled at `size`: shrunk until the source or the largest output size of the
 * pipeline (`sides`) just fills the cell, so every cell shown keeps the resolution it is shown at.
 */
function workingSize(size: ImageSize, sides: number[], cellSize: number): ImageSize {
  const scale = Math.min(
    1,
    Math.max(cellSize / Math.max(size.width, size.height), ...sides.map((s) => cellSize / s)),
  );
  if (scale >= 1) return size;
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

/** The longer side of each output size a step of `pipeline` asks for. */
function outputSides(pipeline: Pipeline): number[] {
  const sides: number[] = [];
  for (const step of pipeline.steps) {
    for (const [name, spec] of Object.entries(findTransform(step.name)?.options ?? {})) {
      const value = step.options[name];
      if (spec.type === 'size' && Array.isArray(value)) sides.push(Math.max(...(value as number[])));
    }
  }
  return sides;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

let rowsInProgress: Promise<unknown> = Promise.resolve();

/**
 * Runs rows' pixel work one after another (decodes still overlap): each variant's full-size working image is
 * dropped before the next is made, however large the pipeline's output size.
 */
function oneRowAtATime<T>(work: () => Promise<T>): Promise<T> {
  const result = rowsInProgress.then(work);
  rowsInProgress = result.catch(() => undefined);
  return result;
}

/**
 * The original cells made of each working image, by box and caption. previewSource.ts keeps a file's working
 * image between previews (the same object while the file is unchanged), so an edit, which changes only variants,
 * reuses them: the originals are not rounded to bytes or resized again.
 */
const originals = new WeakMap<AugImage, Map<string, Promise<PreviewCell>>>();

function originalCell(working: AugImage, caption: string, box: number): Promise<PreviewCell> {
  let made = originals.get(working);
  if (!made) originals.set(working, (made = new Map()));
  const key = `${box}\n${caption}`;
  let cell = made.get(key);
  if (!cell) {
    cell = shrinkCell(cellOf(working, caption, []), box);
    made.set(key, cell);
    cell.catch(() => made.delete(key));
  }
  return cell;
}

/** A full-size cell: the working image rounded to 8 bits (nothing keeps the float image alive). */
function cellOf(image: AugImage, caption: string, applied: AppliedStep[], steps: number[] = []): PreviewCell {
  const { width, height, channels } = image;
  return { width, height, channels, pixels: toBytes(image), caption, applied, steps };
}

/** The cell shrunk (never enlarged) to fit the `box` it is shown in. */
async function shrinkCell(cell: PreviewCell, box: number): Promise<PreviewCell> {
  const fitted = fittedSize(cell.width, cell.height, box);
  if (fitted.scale >= 1) return cell;
  const pixels = await resizePixels(cell.pixels, cell, fitted);
  return { ...cell, width: fitted.width, height: fitted.height, pixels };
}

function emptyCell(caption: string): PreviewCell {
  return { width: 1, height: 1, channels: 1, pixels: new Uint8Array(1), caption, applied: [], steps: [] };
}

/** "rotate 12.3°, flip H" — or "(unchanged)" when no transform fired. */
export function captionOf(applied: readonly AppliedStep[]): string {
  if (applied.length === 0) return '(unchanged)';
  return applied.map((step) => findTransform(step.name)?.describe(step.params) ?? step.name).join(', ');
}
