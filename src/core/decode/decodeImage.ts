import type { Metadata } from 'sharp';
import { sharp } from '../util/lazySharp';
import { decodeBmp, readBmpHeader } from './bmp';
import { cmykToRgb } from './cmykToRgb';
import { DecodeFailure, DEFAULT_MAX_PIXELS, type DecodedImage, type SourceMode } from './decodedImage';
import { readJpegFrame } from './jpegHeader';
import { PixelBudget } from './pixelBudget';
import { decodeSmallPng, FAST_PATH_MAX_BYTES, readPngHeader } from './pngFastPath';
import { isSharedReadBuffer, readImageFile } from './readImageFile';
import { NO_KNOWN_FORMAT, SVG_CONTENT, sniffFormat } from './sniffFormat';

export interface DecodeOptions {
  /** Refuse images with more pixels than this (decompression bombs), and files larger than such an image. */
  maxPixels?: number;
  /**
   * Decode at most this many pixels: a larger image is shrunk while it is decoded (aspect kept; for pictures
   * shown small, e.g. previews), and says so in `reducedFrom`. Default: full size.
   */
  fitPixels?: number;
}

/** Reads and decodes one file to 8-bit pixels, EXIF orientation applied. Throws DecodeFailure with a reason. */
export async function decodeImage(
  open: string | Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const buffer = readImageFile(open, undefined, options.maxPixels);
  return decodeWithoutSharp(buffer, options) ?? decodeWithSharpCopy(buffer, options);
}

/**
 * What can be decided and decoded at once, without waiting: an empty file, contents of no image format we decode
 * or SVG, a PNG or BMP header over the pixel limit (throws DecodeFailure), a BMP, a small PNG the fast path
 * decodes. Undefined: the file needs sharp (decodeWithSharpCopy).
 */
export function decodeWithoutSharp(buffer: Buffer, options: DecodeOptions = {}): DecodedImage | undefined {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (buffer.length === 0) throw new DecodeFailure('corrupt', 'empty file (0 bytes)');
  const format = sniffFormat(buffer);
  if (format === undefined) throw new DecodeFailure('unsupported', NO_KNOWN_FORMAT);
  if (format === 'svg') throw new DecodeFailure('unsupported', SVG_CONTENT);
  if (format === 'bmp') {
    const bmp = readBmpHeader(buffer);
    refuseOverLimit(bmp.width, bmp.height, maxPixels);
    return decodeBmp(buffer);
  }
  const header = readPngHeader(buffer);
  if (header) refuseOverLimit(header.width, header.height, maxPixels);
  const fits = !header || header.width * header.height <= (options.fitPixels ?? Infinity);
  if (buffer.length <= FAST_PATH_MAX_BYTES && header && fits) {
    try {
      return decodeSmallPng(buffer, header);
    } catch {
      // sharp gives the authoritative verdict and message for damaged files.
    }
  }
  return undefined;
}

function refuseOverLimit(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels)
    throw new DecodeFailure('too_large', `${width}x${height} exceeds the pixel limit of ${maxPixels}`);
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
  const fitPixels = options.fitPixels ?? Infinity;
  return decodeWithSharp(
    isSharedReadBuffer(buffer) ? Buffer.from(buffer) : buffer,
    maxPixels,
    fitPixels,
    held,
  );
}

/**
 * Pixels decoded at once by sharp in this process: a dozen photos of 1 Mpx or one 12 Mpx photo at a time
 * (~36 MB of RGB). See PixelBudget.
 */
export const DECODE_BUDGET_PIXELS = 12_000_000;
export const decodeBudget = new PixelBudget(DECODE_BUDGET_PIXELS);

async function decodeWithSharp(
  buffer: Buffer,
  maxPixels: number,
  fitPixels: number,
  held?: HeldPixels,
): Promise<DecodedImage> {
  let release: (() => void) | undefined;
  try {
    // Pixels as stored, as Pillow, OpenCV, Keras and torchvision read them: an embedded ICC profile is not applied
    // (sharp would convert through it, and a copy tagged with a profile would differ from its untagged original).
    const image = sharp(buffer, { limitInputPixels: maxPixels, failOn: 'warning', ignoreIcc: true });
    const meta = jpegMetadata(buffer) ?? (await image.metadata());
    refuseUnscaledDepth(meta);
    // An image over the pixel limit fails in sharp at once, before it decodes anything: it asks for nothing.
    const pixels = (meta.width ?? 0) * (meta.height ?? 0);
    const reduced =
      pixels > fitPixels ? reducedSize(meta.width ?? 0, meta.height ?? 0, fitPixels) : undefined;
    const decodedPixels = reduced ? reduced.width * reduced.height : pixels;
    release = await decodeBudget.acquire(pixels <= maxPixels ? decodedPixels : 0);
    const hasAlpha = meta.hasAlpha ?? false;
    const colourBands = (meta.channels ?? 3) - (hasAlpha ? 1 : 0);
    const grey = colourBands === 1 && !meta.isPalette;
    const cmyk = meta.space === 'cmyk';
    // Grey sources stay one band (sharp would widen 16-bit grey to sRGB otherwise); CMYK stays CMYK, converted
    // below as Pillow converts it (libvips would go through a CMYK profile).
    const pipeline = image.autoOrient();
    if (grey) pipeline.toColourspace('b-w');
    // The CMYK samples as decoded: with a CMYK pipeline libvips converts nothing (toColourspace alone went through
    // a profile and back, black generation and all).
    else if (cmyk) pipeline.pipelineColourspace('cmyk').toColourspace('cmyk');
    // libvips streams the source through the shrink: the full-size pixels are never all in memory.
    if (reduced) pipeline.resize({ ...reduced, fit: 'inside' });
    const raw = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const { info } = raw;
    const data = cmyk ? cmykToRgb(raw.data, info.width * info.height, info.channels) : raw.data;
    const stride = cmyk ? 3 : info.channels;
    // From the bands returned, not info.hasAlpha: converting grey + alpha to 'b-w' drops the alpha band but
    // still reports hasAlpha, and one band read as three gave large LA PNGs shifted RGB statistics.
    const colourChannels: 1 | 3 = stride <= 2 ? 1 : 3;
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
      stride,
      colourChannels,
      hadAlpha: hasAlpha,
      ...(reduced && { reducedFrom: storedSizeShown(meta, info) }),
    };
  } catch (error) {
    throw error instanceof DecodeFailure ? error : classifySharpError(error as Error);
  } finally {
    release?.();
  }
}

/** The largest size of `width` x `height`'s aspect with at most `fitPixels` pixels (at least 1 x 1). */
export function reducedSize(
  width: number,
  height: number,
  fitPixels: number,
): { width: number; height: number } {
  const scale = Math.sqrt(fitPixels / (width * height));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/**
 * The stored size as shown (EXIF orientation applied): turned a quarter when the decoded image is. A JPEG's
 * orientation is not read before decoding (see jpegMetadata), so the decoded image's shape tells.
 */
function storedSizeShown(meta: Metadata, shown: { width: number; height: number }) {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const turned = Math.sign(shown.width - shown.height) === -Math.sign(width - height) && width !== height;
  return turned ? { width: height, height: width } : { width, height };
}

/**
 * Samples of 8 or 16 bits have one scale to 8 bits; float samples have none (0..1, 0..255, physical units: the
 * file does not say), nor do 32-bit integers. Cast, a float grey image in 0..1 came out all black and float RGB was
 * read as linear light; such files are refused with the reason instead.
 */
function refuseUnscaledDepth(meta: Metadata): void {
  const depth = meta.depth ?? 'uchar';
  if (depth === 'uchar' || depth === 'ushort') return;
  const what: Record<string, string> = {
    float: '32-bit floating-point',
    double: '64-bit floating-point',
    complex: 'complex',
    dpcomplex: 'complex',
    int: '32-bit integer',
    uint: '32-bit integer',
    short: 'signed 16-bit',
    char: 'signed 8-bit',
  };
  throw new DecodeFailure(
    'unsupported',
    `${what[depth] ?? depth} samples: their range has no standard scale to 8 bits (0..1? 0..255?), so no ` +
      'statistic of them would be right; not analysed',
  );
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

const DAMAGED_DATA = 'damaged image data: the decoder stopped on an error in the file';

function classifySharpError(error: Error): DecodeFailure {
  const message = error.message.replace(/^Input (buffer|file) /, '');
  if (/pixel limit/i.test(message)) return new DecodeFailure('too_large', message);
  if (/unsupported image format/i.test(message)) {
    return new DecodeFailure('unsupported', NO_KNOWN_FORMAT);
  }
  // libvips keeps one error buffer per process: beside other decodes, sharp may only have its generic text.
  if (/^Warning treated as error due to failOn setting$/.test(message))
    return new DecodeFailure('corrupt', DAMAGED_DATA);
  return new DecodeFailure('corrupt', message);
}
