import { fromDecoded, type AugImage } from '../augment/augImage';
import { cropResize } from '../augment/ops/resize';
import { decodeEntry } from '../source/memberContents';
import { messageOf, throwIfAborted } from '../util/errors';
import { areaResize } from './areaResize';
import type { ProbeImage } from './probeImage';
import type { LabelledEntry } from './sampleEntries';

/** One sampled image at the working size, with what the probe needs to know about its source. */
export interface LoadedImages {
  /** Same order as the entries given; undefined where decoding failed. */
  images: (ProbeImage | undefined)[];
  failed: { file: string; message: string }[];
}

/** sharp is fastest here with a few images in flight (see ../shared/guide/measurements.md). */
const IN_FLIGHT = 6;
/** Decoded images keep this many pixels per working pixel along the side of a square (a 4:1 image: one). */
const DECODE_OVERSAMPLING = 2;

/**
 * Decodes each entry with sharp (EXIF orientation applied, alpha dropped) and resizes it to workingSize x
 * workingSize (like sharp's fit "fill": the aspect ratio is not kept, every image gets the same grid). Results
 * keep input order, so the probe is deterministic however decodes interleave.
 */
export async function loadProbeImages(
  entries: readonly LabelledEntry[],
  workingSize: number,
  options: { maxPixels?: number; signal?: AbortSignal; onImage?(done: number): void } = {},
): Promise<LoadedImages> {
  const images: (ProbeImage | undefined)[] = new Array(entries.length).fill(undefined);
  const failed: { file: string; message: string }[] = [];
  let next = 0;
  let done = 0;
  const errors = new Map<number, unknown>();
  const load = async (i: number) => {
    const { entry, classIndex } = entries[i];
    try {
      // A photo is shrunk while it is decoded (JPEG shrink-on-load) to twice the working size: decoding it whole
      // and averaging it down took most of the probe's time on photos.
      const decoded = await decodeEntry(entry, {
        maxPixels: options.maxPixels,
        fitPixels: DECODE_OVERSAMPLING ** 2 * workingSize * workingSize,
      });
      const image = toWorkingSize(fromDecoded(decoded), workingSize);
      const source = decoded.reducedFrom ?? decoded;
      images[i] = {
        file: entry.file,
        classIndex,
        image,
        sourceWidth: source.width,
        sourceHeight: source.height,
      };
      errors.delete(i);
    } catch (error) {
      errors.set(i, error);
    }
  };
  const worker = async () => {
    while (next < entries.length) {
      throwIfAborted(options.signal);
      await load(next++);
      options.onImage?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, entries.length) }, worker));
  // libvips keeps one error buffer per process: a failure met beside other decodes is decoded again alone, so
  // its message is its own (and a file that failed only through another's error is kept).
  for (const i of [...errors.keys()]) {
    throwIfAborted(options.signal);
    await load(i);
  }
  throwIfAborted(options.signal);
  for (const [i, error] of errors) failed.push({ file: entries[i].entry.file, message: messageOf(error) });
  failed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { images, failed };
}

/**
 * The working image: axes larger than `size` shrink by area averaging, smaller ones grow bilinearly (area would
 * only repeat pixels). Plain loops rather than a second sharp call: that call doubled the probe's decoding time.
 */
export function toWorkingSize(image: AugImage, size: number): AugImage {
  const shrunk =
    image.width > size || image.height > size
      ? areaResize(image, Math.min(image.width, size), Math.min(image.height, size))
      : image;
  if (shrunk.width === size && shrunk.height === size) return shrunk;
  const whole = { top: 0, left: 0, height: shrunk.height, width: shrunk.width };
  return cropResize(shrunk, whole, size, size, 'bilinear');
}

/** Grey copy widened to RGB (R = G = B), as torchvision's ImageFolder converts mixed datasets. */
export function widenToRgb(image: AugImage): AugImage {
  if (image.channels === 3) return image;
  const data = new Float32Array(image.width * image.height * 3);
  for (let p = 0; p < image.data.length; p++) data.fill(image.data[p], p * 3, p * 3 + 3);
  return { width: image.width, height: image.height, channels: 3, data };
}
