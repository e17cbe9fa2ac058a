import { sharp } from '../util/lazySharp';
import { extensionOf } from '../scan/formats';
import { encodeSmallPng } from './smallPng';

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'tiff'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Source extensions written back in their own format; others (gif, bmp, avif) become PNG. */
const SAME_FORMAT: Record<string, OutputFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

const EXTENSION: Record<OutputFormat, string> = { png: '.png', jpeg: '.jpg', webp: '.webp', tiff: '.tif' };

/** Format and extension of the output for a source file: the source's own when writable, else `forced` or PNG. */
export function outputFormatFor(
  file: string,
  forced?: OutputFormat,
): { format: OutputFormat; extension: string } {
  const sourceExtension = extensionOf(file);
  if (forced)
    return {
      format: forced,
      extension: SAME_FORMAT[sourceExtension] === forced ? sourceExtension : EXTENSION[forced],
    };
  const same = SAME_FORMAT[sourceExtension];
  return same ? { format: same, extension: sourceExtension } : { format: 'png', extension: '.png' };
}

export interface EncodeOptions {
  /** JPEG / WebP quality, 1..100. */
  quality: number;
  /**
   * JPEG: a second pass over the image builds Huffman tables for it (smaller files, the same pixels: the
   * coding is lossless). Default false, as PIL's `save` (what Keras' `save_img` and torchvision users get): the
   * pass costs about as much CPU as the rest of the encode.
   */
  optimizeJpeg?: boolean;
}

/**
 * Encodes 8-bit interleaved pixels with sharp (libvips: off the JS thread, in the libuv pool), or, for a small
 * PNG, on this thread (see smallPng.ts: sharp's fixed cost per call is most of such an output's CPU).
 */
export function encodeImage(
  pixels: Uint8Array,
  size: { width: number; height: number; channels: 1 | 3 },
  format: OutputFormat,
  options: EncodeOptions,
): Promise<Buffer> {
  const small = format === 'png' ? encodeSmallPng(pixels, size) : undefined;
  if (small) return Promise.resolve(small);
  const image = sharp(pixels, { raw: { width: size.width, height: size.height, channels: size.channels } });
  // Grey stays grey (sharp would otherwise write one band as sRGB).
  if (size.channels === 1) image.toColourspace('b-w');
  switch (format) {
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      return image.jpeg({ quality: options.quality, optimiseCoding: !!options.optimizeJpeg }).toBuffer();
    case 'webp':
      return image.webp({ quality: options.quality }).toBuffer();
    case 'tiff':
      return image.tiff({ compression: 'lzw' }).toBuffer();
  }
}
