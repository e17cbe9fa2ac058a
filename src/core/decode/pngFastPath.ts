import { PNG } from 'pngjs';
import type { DecodedImage, SourceMode } from './decodedImage';

/** Files below this size take the pure-JS path: sharp's fixed ~0.4 ms per image dominates for them. */
export const FAST_PATH_MAX_BYTES = 64 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the IHDR chunk says, read without decoding. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

export function readPngHeader(buffer: Uint8Array): PngHeader | undefined {
  if (buffer.length < 33 || !Buffer.from(buffer.buffer, buffer.byteOffset, 8).equals(PNG_SIGNATURE))
    return undefined;
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: buffer[24],
    colourType: buffer[25],
  };
}

const MODE_BY_COLOUR_TYPE: Record<number, { mode: SourceMode; colourChannels: 1 | 3; hadAlpha: boolean }> = {
  0: { mode: 'L', colourChannels: 1, hadAlpha: false },
  2: { mode: 'RGB', colourChannels: 3, hadAlpha: false },
  4: { mode: 'LA', colourChannels: 1, hadAlpha: true },
  6: { mode: 'RGBA', colourChannels: 3, hadAlpha: true },
};

/**
 * Decodes small 8-bit, non-palette PNGs with pngjs. Returns undefined when the file is not one
 * (palette, 16-bit, EXIF orientation chunk, too big...), so the caller falls back to sharp.
 * Throws what pngjs throws on a damaged file (bad CRC, truncated data).
 */
export function decodeSmallPng(buffer: Buffer): DecodedImage | undefined {
  if (buffer.length > FAST_PATH_MAX_BYTES) return undefined;
  const header = readPngHeader(buffer);
  if (!header || header.bitDepth !== 8) return undefined;
  const layout = MODE_BY_COLOUR_TYPE[header.colourType];
  // eXIf can carry an orientation and tRNS makes pngjs add alpha: leave both to sharp, which handles them fully.
  if (!layout || buffer.includes('eXIf') || buffer.includes('tRNS')) return undefined;
  const png = PNG.sync.read(buffer);
  // pngjs always expands to RGBA; grey images keep their value in the first byte of each pixel.
  return {
    format: 'png',
    mode: layout.mode,
    width: png.width,
    height: png.height,
    data: png.data,
    stride: 4,
    colourChannels: layout.colourChannels,
    hadAlpha: layout.hadAlpha,
  };
}
