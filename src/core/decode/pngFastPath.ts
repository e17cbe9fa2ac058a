import { crc32, inflateSync } from 'node:zlib';
import type { DecodedImage, SourceMode } from './decodedImage';

/** Files below this size take the pure-JS path: sharp's fixed cost per image dominates for them. */
export const FAST_PATH_MAX_BYTES = 64 * 1024;

/** Largest inflated image data (filter bytes included) the fast path decodes itself. */
const FAST_PATH_MAX_INFLATED = 4 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the IHDR chunk says, read without decoding. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

export function readPngHeader(buffer: Uint8Array): PngHeader | undefined {
  if (buffer.length < 33) return undefined;
  // Byte by byte: a view and a DataView per file cost more than the rest of this check (tens of thousands a second).
  for (let k = 0; k < 8; k++) if (buffer[k] !== PNG_SIGNATURE[k]) return undefined;
  return {
    width: uint32At(buffer, 16),
    height: uint32At(buffer, 20),
    bitDepth: buffer[24],
    colourType: buffer[25],
  };
}

/** The big-endian unsigned 32-bit integer at `at` (PNG's byte order). */
function uint32At(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

const LAYOUTS: Record<number, { mode: SourceMode; channels: number; colourChannels: 1 | 3 }> = {
  0: { mode: 'L', channels: 1, colourChannels: 1 },
  2: { mode: 'RGB', channels: 3, colourChannels: 3 },
  4: { mode: 'LA', channels: 2, colourChannels: 1 },
  6: { mode: 'RGBA', channels: 4, colourChannels: 3 },
};

const IHDR = 0x49484452;
const IDAT = 0x49444154;
const IEND = 0x49454e44;
/** Ancillary chunks that change what the pixels mean (orientation, transparency): sharp handles them fully. */
const LEFT_TO_SHARP = new Set([0x65584966 /* eXIf */, 0x74524e53 /* tRNS */]);

/**
 * Decodes small 8-bit, non-palette, non-interlaced PNGs in place, in the channels they are stored with (grey
 * stays one byte per pixel). Returns undefined when the file is not one, so the caller falls back to sharp.
 * Throws on damage (bad CRC, truncated or inconsistent data); the caller then asks sharp for the verdict.
 *
 * Why not a library: pngjs and fast-png were slower on tiny PNGs (BENCHMARKS.md), spending most of their time in
 * stream plumbing and copies; this path is zlib's inflate, one unfilter pass and CRCs by zlib, most of it the
 * inflate. `header`: readPngHeader's answer, when the caller has it already.
 */
export function decodeSmallPng(
  buffer: Buffer,
  header: PngHeader | undefined = readPngHeader(buffer),
): DecodedImage | undefined {
  if (buffer.length > FAST_PATH_MAX_BYTES || typeof crc32 !== 'function') return undefined;
  if (!header || header.bitDepth !== 8) return undefined;
  const layout = LAYOUTS[header.colourType];
  // Compression and filter method 0 are the only ones defined; interlaced (Adam7) images go to sharp.
  if (!layout || buffer[26] !== 0 || buffer[27] !== 0 || buffer[28] !== 0) return undefined;
  const { width, height } = header;
  if (width === 0 || height === 0) throw new Error('zero width or height');

  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (!ended) {
    if (offset + 12 > buffer.length) throw new Error('truncated chunk');
    const length = buffer.readUInt32BE(offset);
    const type = buffer.readUInt32BE(offset + 4);
    const end = offset + 12 + length;
    if (end > buffer.length) throw new Error('truncated chunk');
    if (crc32(buffer.subarray(offset + 4, end - 4)) !== buffer.readUInt32BE(end - 4))
      throw new Error('bad CRC');
    if (LEFT_TO_SHARP.has(type)) return undefined;
    if (type === IDAT) idat.push(buffer.subarray(offset + 8, end - 4));
    else if (type === IEND) ended = true;
    else if (type === IHDR) {
      if (offset !== 8) throw new Error('IHDR not first');
    } else if ((buffer[offset + 4] & 0x20) === 0) return undefined; // an unknown critical chunk (e.g. PLTE)
    offset = end;
  }
  if (idat.length === 0) throw new Error('no image data');

  const channels = layout.channels;
  const rowBytes = width * channels;
  const expected = height * (rowBytes + 1);
  // A small file can inflate to a lot (flat colour compresses ~1000:1): big outputs are sharp's, with its limits.
  if (expected > FAST_PATH_MAX_INFLATED) return undefined;
  // One output chunk of exactly the expected size (+1 to see that nothing follows), not zlib's default 16 KB.
  const filtered = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), {
    chunkSize: Math.max(64, expected + 1),
    maxOutputLength: expected + 1,
  });
  if (filtered.length !== expected) throw new Error('image data of the wrong length');
  const data = unfilterInPlace(filtered, rowBytes, height, channels);
  return {
    format: 'png',
    mode: layout.mode,
    width,
    height,
    data,
    stride: channels,
    colourChannels: layout.colourChannels,
    hadAlpha: channels % 2 === 0,
  };
}

/**
 * Reverses the per-row PNG filters (None, Sub, Up, Average, Paeth) and drops each row's filter byte, in the
 * inflated buffer itself: row y moves to y * rowBytes, which never overtakes data still to be read.
 */
function unfilterInPlace(buf: Buffer, rowBytes: number, height: number, bpp: number): Uint8Array {
  for (let y = 0; y < height; y++) {
    const filter = buf[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const out = y * rowBytes;
    const prev = out - rowBytes; // the previous row, already unfiltered and moved
    const hasPrev = y > 0;
    switch (filter) {
      case 0:
        buf.copyWithin(out, src, src + rowBytes);
        break;
      case 1:
        for (let x = 0; x < rowBytes; x++) buf[out + x] = buf[src + x] + (x >= bpp ? buf[out + x - bpp] : 0);
        break;
      case 2:
        for (let x = 0; x < rowBytes; x++) buf[out + x] = buf[src + x] + (hasPrev ? buf[prev + x] : 0);
        break;
      case 3:
        for (let x = 0; x < rowBytes; x++) {
          const left = x >= bpp ? buf[out + x - bpp] : 0;
          const up = hasPrev ? buf[prev + x] : 0;
          buf[out + x] = buf[src + x] + ((left + up) >> 1);
        }
        break;
      case 4:
        for (let x = 0; x < rowBytes; x++) {
          const left = x >= bpp ? buf[out + x - bpp] : 0;
          const up = hasPrev ? buf[prev + x] : 0;
          const upLeft = hasPrev && x >= bpp ? buf[prev + x - bpp] : 0;
          buf[out + x] = buf[src + x] + paeth(left, up, upLeft);
        }
        break;
      default:
        throw new Error(`unknown filter type ${filter} in row ${y}`);
    }
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, rowBytes * height);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
