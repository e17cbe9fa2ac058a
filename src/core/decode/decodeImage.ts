import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Metadata } from 'sharp';
import { sharp } from '../util/lazySharp';
import { DecodeFailure, DEFAULT_MAX_PIXELS, type DecodedImage, type SourceMode } from './decodedImage';
import { readJpegFrame } from './jpegHeader';
import { PixelBudget } from './pixelBudget';
import { decodeSmallPng, FAST_PATH_MAX_BYTES, readPngHeader } from './pngFastPath';

export interface DecodeOptions {
  /** Refuse images with more pixels than this (decompression bombs). */
  maxPixels?: number;
  /** File size from the scan: small files are then read into a reused buffer (no fstat, no allocation). */
  sizeHint?: number;
}

const smallFileBuffer = Buffer.alloc(FAST_PATH_MAX_BYTES + 1);

/** Reads and decodes one file to 8-bit pixels, EXIF orientation applied. Throws DecodeFailure with a reason. */
export async function decodeImage(
  open: string | Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const buffer = readImageFile(open, options.sizeHint);
  return decodeWithoutSharp(buffer, options) ?? decodeWithSharpCopy(buffer, options);
}

/**
 * What can be decided and decoded at once, without waiting: an empty file, a PNG header over the pixel limit
 * (throws DecodeFailure), a small PNG the fast path decodes. Undefined: the file needs sharp (decodeWithSharpCopy).
 */
export function decodeWithoutSharp(buffer: Buffer, options: DecodeOptions = {}): DecodedImage | undefined {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (buffer.length === 0) throw new DecodeFailure('corrupt', 'empty file (0 bytes)');
  const header = readPngHeader(buffer);
  if (header && header.width * header.height > maxPixels) {
    throw new DecodeFailure(
      'too_large',
      `${header.width}x${header.height} exceeds the pixel limit of ${maxPixels}`,
    );
  }
  if (buffer.length <= FAST_PATH_MAX_BYTES && header) {
    try {
      return decodeSmallPng(buffer, header);
    } catch {
      // sharp gives the authoritative verdict and message for damaged files.
    }
  }
  return undefined;
}

/**
 * Given to decodeWithSharpCopy by a caller that keeps the decoded pixels' share of the decode budget until it is
 * done with them: after a successful decode `release` is set, and the caller must call it.
 */
export interface HeldPixels {
  release?: () => void;
}

/**
 * sharp decodes asynchronously: it gets its own copy of the shared small-file buffer, taken before returning.
 * Without `held`, the image's share of the decode budget is given back as soon as it is decoded.
 */
export function decodeWithSharpCopy(
  buffer: Buffer,
  options: DecodeOptions = {},
  held?: HeldPixels,
): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  return decodeWithSharp(
    buffer.buffer === smallFileBuffer.buffer ? Buffer.from(buffer) : buffer,
    maxPixels,
    held,
  );
}

/** A file's size and mtime as the descriptor it was read from gives them (fstat). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * The whole file; throws DecodeFailure('unreadable'). Small files go into a shared buffer, valid until the next
 * read: the PNG fast path decodes synchronously and sharp gets a copy (see decodeWithSharp). Without a size
 * hint (the scan did not stat), a file is first read as if small, and read whole from the same descriptor
 * when it is not: one open either way. `stamp`, when given, is filled from an fstat of that descriptor.
 */
export function readImageFile(open: string | Uint8Array, sizeHint?: number, stamp?: FileStamp): Buffer {
  const file = typeof open === 'string' ? open : Buffer.from(open);
  try {
    if (stamp || sizeHint === undefined || sizeHint <= FAST_PATH_MAX_BYTES) {
      const fd = openSync(file, 'r');
      try {
        if (stamp) {
          const stats = fstatSync(fd);
          stamp.size = stats.size;
          stamp.mtimeMs = stats.mtimeMs;
        }
        // Positioned reads leave the descriptor at offset 0 for readFileSync(fd).
        const n = readSync(fd, smallFileBuffer, 0, smallFileBuffer.length, 0);
        if (n <= FAST_PATH_MAX_BYTES) return smallFileBuffer.subarray(0, n);
        return readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    return readFileSync(file);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DecodeFailure('unreadable', `${e.code ?? 'error'}: ${e.message}`);
  }
}

/**
 * Pixels decoded at once by sharp in this process: a dozen photos of 1 Mpx or one 12 Mpx photo at a time
 * (~36 MB of RGB). See PixelBudget.
 */
export const DECODE_BUDGET_PIXELS = 12_000_000;
export const decodeBudget = new PixelBudget(DECODE_BUDGET_PIXELS);

async function decodeWithSharp(buffer: Buffer, maxPixels: number, held?: HeldPixels): Promise<DecodedImage> {
  let release: (() => void) | undefined;
  try {
    const image = sharp(buffer, { limitInputPixels: maxPixels, failOn: 'warning' });
    const meta = jpegMetadata(buffer) ?? (await image.metadata());
    // An image over the pixel limit fails in sharp at once, before it decodes anything: it asks for nothing.
    const pixels = (meta.width ?? 0) * (meta.height ?? 0);
    release = await decodeBudget.acquire(pixels <= maxPixels ? pixels : 0);
    const hasAlpha = meta.hasAlpha ?? false;
    const colourBands = (meta.channels ?? 3) - (hasAlpha ? 1 : 0);
    const grey = colourBands === 1 && !meta.isPalette;
    // Grey sources stay one band (sharp would widen 16-bit grey to sRGB otherwise).
    const pipeline = image.autoOrient();
    if (grey) pipeline.toColourspace('b-w');
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const colourChannels: 1 | 3 = info.channels - (info.hasAlpha ? 1 : 0) === 1 ? 1 : 3;
    if (held) {
      held.release = release;
      release = undefined;
    }
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
  } finally {
    release?.();
  }
}

/** What decoding needs of a JPEG's metadata, from its frame header (see readJpegFrame). */
function jpegMetadata(buffer: Buffer): Metadata | undefined {
  const frame = readJpegFrame(buffer);
  if (frame === undefined) return undefined;
  const { components, width, height } = frame;
  const space = components === 1 ? 'b-w' : components === 4 ? 'cmyk' : 'srgb';
  return {
    format: 'jpeg',
    width,
    height,
    channels: Math.min(components, 3) as 1 | 3,
    space,
    hasAlpha: false,
    isPalette: false,
    depth: 'uchar',
  } as Metadata;
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
    return new DecodeFailure(
      'unsupported',
      'contents match no supported image format (jpeg, png, webp, gif, tiff, avif, bmp)',
    );
  }
  return new DecodeFailure('corrupt', message);
}
