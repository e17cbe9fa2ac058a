import { fromDecoded, type AugImage } from '../augment/augImage';
import {
  decodeBudget,
  decodeWithSharpCopy,
  decodeWithoutSharp,
  type HeldPixels,
} from '../decode/decodeImage';
import { readImageFile } from '../decode/readImageFile';
import type { FileEntry } from '../scan/scanPlan';

/** A decoded source and its share of this process's decode budget, which the caller gives back when done. */
export interface LoadedSource {
  image: AugImage;
  format: string;
  /** Set when the source was shrunk on load (see DecodeOptions.fitPixels): its size as stored. */
  reducedFrom?: { width: number; height: number };
  /** Gives the image's pixels back to the decode budget; call it once the image's outputs are made. */
  release(): void;
}

/**
 * Decodes one dataset file into the float working image (EXIF orientation applied, alpha dropped), holding its
 * pixels in the decode budget the analysis uses: the float copy and the pipeline's working images are several
 * times the decoded bytes, so large sources are augmented one at a time, small ones side by side.
 */
export async function loadAugImage(
  entry: FileEntry,
  maxPixels?: number,
  fitPixels?: number,
): Promise<LoadedSource> {
  const options = { maxPixels, fitPixels };
  const buffer = readImageFile(entry.open, undefined, maxPixels);
  const small = decodeWithoutSharp(buffer, options);
  if (small) {
    // Decoded at once, without sharp (small PNGs, BMPs): copied out now (their pixels may lie in the shared read
    // buffer), then counted like the others.
    const image = fromDecoded(small);
    const release = await decodeBudget.acquire(small.width * small.height);
    return { image, format: small.format, release };
  }
  const held: HeldPixels = {};
  const decoded = await decodeWithSharpCopy(buffer, options, held);
  const release = held.release ?? (() => undefined);
  try {
    const { format, reducedFrom } = decoded;
    return { image: fromDecoded(decoded), format, ...(reducedFrom && { reducedFrom }), release };
  } catch (error) {
    release();
    throw error;
  }
}
