import { fromDecoded, type AugImage } from '../augment/augImage';
import {
  decodeBudget,
  decodeWithSharpCopy,
  decodeWithoutSharp,
  type DecodeOptions,
  type HeldPixels,
} from '../decode/decodeImage';
import type { DecodedImage } from '../decode/decodedImage';
import { readImageFile } from '../decode/readImageFile';
import type { FileEntry } from '../scan/scanPlan';
import { decodeMemberNow, decodeMemberWithSharp } from '../source/memberContent';
import { MEMBER_NOT_HELD } from '../source/memberContents';

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
 * Decodes one dataset file (or a container's member, from the bytes read with it) into the float working image
 * (EXIF orientation applied, alpha dropped), holding its pixels in the decode budget the analysis uses: the float
 * copy and the pipeline's working images are several times the decoded bytes, so large sources are augmented one
 * at a time, small ones side by side.
 */
export async function loadAugImage(
  entry: FileEntry,
  maxPixels?: number,
  fitPixels?: number,
): Promise<LoadedSource> {
  const options = { maxPixels, fitPixels };
  const decoder = entryDecoder(entry, options);
  const small = decoder.now();
  if (small) {
    // Decoded at once, without sharp (small PNGs, BMPs, idx records): copied out now (their pixels may lie in the
    // shared read buffer), then counted like the others.
    const image = fromDecoded(small);
    const release = await decodeBudget.acquire(small.width * small.height);
    return { image, format: small.format, release };
  }
  const held: HeldPixels = {};
  const decoded = await decoder.withSharp(held);
  const release = held.release ?? (() => undefined);
  try {
    const { format, reducedFrom } = decoded;
    return { image: fromDecoded(decoded), format, ...(reducedFrom && { reducedFrom }), release };
  } catch (error) {
    release();
    throw error;
  }
}

interface EntryDecoder {
  now(): DecodedImage | undefined;
  withSharp(held: HeldPixels): Promise<DecodedImage>;
}

/** The two decode steps of a file (read from disk) or of a member (from the bytes read with it). */
function entryDecoder(entry: FileEntry, options: DecodeOptions): EntryDecoder {
  const content = entry.content;
  if (content) {
    return {
      now: () => decodeMemberNow(content, options),
      withSharp: (held) => {
        if (content.kind !== 'encoded') throw new Error('unreachable: only encoded members need sharp');
        return decodeMemberWithSharp(content, options, held);
      },
    };
  }
  if (entry.member) throw new Error(MEMBER_NOT_HELD);
  const buffer = readImageFile(entry.open, undefined, options.maxPixels);
  return {
    now: () => decodeWithoutSharp(buffer, options),
    withSharp: (held) => decodeWithSharpCopy(buffer, options, held),
  };
}
