import { statSync } from 'node:fs';
import type { AugImage, ImageSize } from '../augment/augImage';
import { DECODE_BUDGET_PIXELS, reducedSize } from '../decode/decodeImage';
import { loadAugImage } from '../export/loadAugImage';
import { areaResize } from '../probe/areaResize';
import type { FileEntry } from '../scan/scanPlan';

/** A source as the preview works on it: shrunk to `working`, with the size it has as stored (`full`). */
export interface PreviewSource {
  full: ImageSize;
  working: AugImage;
}

/**
 * The size to work at for a source of `full` pixels, from its size alone: `pick` may ask for any size up to
 * `full` (the preview: the size its cells are shown at).
 */
export type WorkingSize = (full: ImageSize) => ImageSize;

interface Kept {
  size: number;
  mtimeMs: number;
  maxPixels: number | undefined;
  source: PreviewSource;
}

/** Working images kept between previews (an edit re-renders the same files): at most this many float samples. */
const KEPT_SAMPLES = 12_000_000;
const kept = new Map<string, Kept>();
let keptSamples = 0;

/**
 * Decodes `entry` at the working size `pick` gives for its stored size (JPEGs shrink while they decode), or
 * returns the image kept from an earlier call for the same file, unchanged on disk, at the same working size.
 * Container members are decoded every time (their bytes are read with the listing).
 */
export async function previewSource(
  entry: FileEntry,
  pick: WorkingSize,
  maxPixels: number | undefined,
  oversampledPixels: number,
): Promise<PreviewSource> {
  const key = typeof entry.open === 'string' && !entry.member ? entry.open : undefined;
  const stat = key === undefined ? undefined : statOf(key);
  const hit = key === undefined ? undefined : kept.get(key);
  if (hit && stat && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs && hit.maxPixels === maxPixels) {
    const want = pick(hit.source.full);
    const { working } = hit.source;
    if (want.width === working.width && want.height === working.height) {
      kept.delete(key!);
      kept.set(key!, hit);
      return hit.source;
    }
  }
  const source = await decodeAt(entry, pick, maxPixels, oversampledPixels);
  if (key !== undefined && stat) keep(key, { ...stat, maxPixels, source });
  return source;
}

/**
 * Decodes once at `oversampledPixels` (enough for most working sizes; the shrink on load is the costly part saved)
 * and averages down to the working size; decodes again larger when the working size asks for more.
 */
async function decodeAt(
  entry: FileEntry,
  pick: WorkingSize,
  maxPixels: number | undefined,
  oversampledPixels: number,
): Promise<PreviewSource> {
  let fit = Math.min(DECODE_BUDGET_PIXELS, oversampledPixels);
  for (;;) {
    const loaded = await loadAugImage(entry, maxPixels, fit);
    try {
      const { image, reducedFrom } = loaded;
      const full = reducedFrom ?? { width: image.width, height: image.height };
      const want = pick(full);
      if (!reducedFrom || (want.width <= image.width && want.height <= image.height)) {
        const working =
          want.width === image.width && want.height === image.height
            ? image
            : areaResize(image, Math.min(want.width, image.width), Math.min(want.height, image.height));
        return { full, working };
      }
      const needed = want.width * want.height;
      // The working size never exceeds what fits the budget (the preview scales down to it first).
      const next = Math.min(DECODE_BUDGET_PIXELS, Math.max(needed, fit * 4));
      if (next <= fit) {
        const shrunk = reducedSize(full.width, full.height, fit);
        return { full, working: areaResize(image, shrunk.width, shrunk.height) };
      }
      fit = next;
    } finally {
      loaded.release();
    }
  }
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const { size, mtimeMs } = statSync(file);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

function keep(key: string, entry: Kept): void {
  const old = kept.get(key);
  if (old) {
    keptSamples -= old.source.working.data.length;
    kept.delete(key);
  }
  const samples = entry.source.working.data.length;
  if (samples > KEPT_SAMPLES) return;
  kept.set(key, entry);
  keptSamples += samples;
  for (const [oldest, value] of kept) {
    if (keptSamples <= KEPT_SAMPLES) break;
    kept.delete(oldest);
    keptSamples -= value.source.working.data.length;
  }
}

/** Forgets every kept source (tests; a dataset closed). */
export function forgetPreviewSources(): void {
  kept.clear();
  keptSamples = 0;
}
