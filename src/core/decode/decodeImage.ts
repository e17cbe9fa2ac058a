import { readFileSync } from 'node:fs';
import sharp, { type Metadata } from 'sharp';
import { DecodeFailure, DEFAULT_MAX_PIXELS, type DecodedImage, type SourceMode } from './decodedImage';
import { decodeSmallPng, FAST_PATH_MAX_BYTES, readPngHeader } from './pngFastPath';

export interface DecodeOptions {
  /** Refuse images with more pixels than this (decompression bombs). */
  maxPixels?: number;
}

/** Reads and decodes one file to 8-bit pixels, EXIF orientation applied. Throws DecodeFailure with a reason. */
export async function decodeImage(open: string | Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const buffer = readWhole(open);
  if (buffer.length === 0) throw new DecodeFailure('corrupt', 'empty file (0 bytes)');

  const header = readPngHeader(buffer);
  if (header && header.width * header.height > maxPixels) {
    throw new DecodeFailure('too_large', `${header.width}x${header.height} exceeds the pixel limit of ${maxPixels}`);
  }
  if (buffer.length <= FAST_PATH_MAX_BYTES && header) {
    try {
      const fast = decodeSmallPng(buffer);
      if (fast) return fast;
    } catch {
      // Fall through: sharp gives the authoritative verdict and message for damaged files.
    }
  }
  return decodeWithSharp(buffer, maxPixels);
}

function readWhole(open: string | Uint8Array): Buffer {
  try {
    return readFileSync(typeof open === 'string' ? open : Buffer.from(open));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DecodeFailure('unreadable', `${e.code ?? 'error'}: ${e.message}`);
  }
}

async function decodeWithSharp(buffer: Buffer, maxPixels: number): Promise<DecodedImage> {
  try {
    const image = sharp(buffer, { limitInputPixels: maxPixels, failOn: 'warning' });
    const meta = await image.metadata();
    const hasAlpha = meta.hasAlpha ?? false;
    const colourBands = (meta.channels ?? 3) - (hasAlpha ? 1 : 0);
    const grey = colourBands === 1 && !meta.isPalette;
    // Grey sources stay one band (sharp would widen 16-bit grey to sRGB otherwise).
    const pipeline = image.autoOrient();
    if (grey) pipeline.toColourspace('b-w');
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const colourChannels: 1 | 3 = info.channels - (info.hasAlpha ? 1 : 0) === 1 ? 1 : 3;
    return {
      format: meta.format ?? 'unknown',
      mode: modeOf(meta, hasAlpha, colourBands),
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      stride: info.channels,
      colourChannels,
      hadAlpha: hasAlpha,
    };
  } catch (error) {
    throw classifySharpError(error as Error);
  }
}

function modeOf(meta: Metadata, hasAlpha: boolean, colourBands: number): SourceMode {
  if (meta.isPalette) return 'P';
  if (meta.space === 'cmyk') return 'CMYK';
  const sixteen = meta.depth === 'ushort';
  if (colourBands === 1) return hasAlpha ? 'LA' : sixteen ? 'L16' : 'L';
  if (colourBands === 3) return hasAlpha ? 'RGBA' : sixteen ? 'RGB16' : 'RGB';
  return 'other';
}

function classifySharpError(error: Error): DecodeFailure {
  const message = error.message.replace(/^Input (buffer|file) /, '');
  if (/pixel limit/i.test(message)) return new DecodeFailure('too_large', message);
  if (/unsupported image format/i.test(message)) {
    return new DecodeFailure('unsupported', 'contents match no supported image format (jpeg, png, webp, gif, tiff, avif, bmp)');
  }
  return new DecodeFailure('corrupt', message);
}
