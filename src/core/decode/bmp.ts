import { DecodeFailure, type DecodedImage } from './decodedImage';

/**
 * Windows and OS/2 bitmaps, decoded as PIL decodes them (sharp/libvips has no BMP loader, and no npm decoder
 * tried gave PIL's pixels on every common variant). Checked pixel for pixel against PIL 9.4 on files written by
 * PIL and ImageMagick (test/unit/bmp.test.ts). What PIL does, and so this decoder:
 * - 1, 4 and 8-bit palettes: mode L when the palette is the grey ramp (entry i = (i, i, i); for two colours,
 *   black then white), else P, expanded to RGB. Indices past the palette read as (i, i, i), as PIL fills it.
 * - 16-bit: 5-5-5 unless bit fields say otherwise; each field scaled by floor(v * 255 / max). Alpha is ignored.
 * - 24-bit: BGR. 32-bit without bit fields: BGR and an unused byte (RGB). 32-bit with bit fields: RGBA when an
 *   alpha mask is given (V4/V5 headers), else RGB.
 * - Rows bottom-up, or top-down for a negative height; RLE8 and RLE4 (unset pixels are index 0).
 */

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export interface BmpHeader {
  width: number;
  height: number;
  /** Rows stored top row first (negative height). */
  topDown: boolean;
  bits: number;
  compression: number;
  /** Where the pixel rows start. */
  dataOffset: number;
  /** Where the palette starts, and the bytes of each entry (3 for OS/2 1.x, else 4). */
  paletteOffset: number;
  paletteEntry: 3 | 4;
  /** Palette entries (bits <= 8). */
  colours: number;
  /** Bit masks (red, green, blue, alpha) of 16 and 32-bit pixels. */
  masks: [number, number, number, number];
}

export function isBmp(buffer: Uint8Array): boolean {
  return buffer.length >= 2 && buffer[0] === 0x42 && buffer[1] === 0x4d;
}

/** The header of a bitmap, or a DecodeFailure saying what is wrong with it. */
export function readBmpHeader(buffer: Uint8Array): BmpHeader {
  if (buffer.length < 26) throw corrupt('file too short for a BMP header');
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  let header: BmpHeader;
  if (headerSize === 12) {
    header = {
      width: view.getUint16(18, true),
      height: view.getUint16(20, true),
      topDown: false,
      bits: view.getUint16(24, true),
      compression: BI_RGB,
      dataOffset,
      paletteOffset: 26,
      paletteEntry: 3,
      colours: 0,
      masks: [0, 0, 0, 0],
    };
  } else if ([40, 52, 56, 64, 108, 124].includes(headerSize)) {
    if (buffer.length < 14 + Math.min(headerSize, 56)) throw corrupt('file too short for its BMP header');
    const height = view.getInt32(22, true);
    const compression = view.getUint32(30, true);
    const bitFields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
    if (headerSize === 64 && bitFields) throw unsupported('OS/2 2.x Huffman or RLE24 compression');
    // A 40-byte header keeps its masks after it; later headers hold them (alpha from 56 bytes on).
    const masksAt = 54;
    const maskCount =
      headerSize === 40 ? (compression === BI_ALPHABITFIELDS ? 4 : 3) : headerSize >= 56 ? 4 : 3;
    const masks: [number, number, number, number] = [0, 0, 0, 0];
    if (bitFields) {
      if (buffer.length < masksAt + 4 * maskCount) throw corrupt('file too short for its BMP bit masks');
      if (headerSize === 40 && dataOffset < masksAt + 4 * maskCount)
        throw corrupt('BMP bit masks missing (pixel data starts where they should be)');
      for (let i = 0; i < maskCount; i++) masks[i] = view.getUint32(masksAt + 4 * i, true);
    }
    header = {
      width: view.getInt32(18, true),
      height: Math.abs(height),
      topDown: height < 0,
      bits: view.getUint16(28, true),
      compression,
      dataOffset,
      paletteOffset: 14 + headerSize + (headerSize === 40 && bitFields ? 4 * maskCount : 0),
      paletteEntry: 4,
      colours: buffer.length >= 50 ? view.getUint32(46, true) : 0,
      masks,
    };
  } else {
    throw unsupported(`BMP header of ${headerSize} bytes`);
  }
  const { bits, width, height, compression } = header;
  if (![1, 4, 8, 16, 24, 32].includes(bits)) throw unsupported(`BMP of ${bits} bits per pixel`);
  if (width <= 0 || height <= 0) throw corrupt(`BMP size ${width}x${height}`);
  const allowed =
    compression === BI_RGB ||
    (compression === BI_RLE8 && bits === 8) ||
    (compression === BI_RLE4 && bits === 4) ||
    ((compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) && (bits === 16 || bits === 32));
  if (!allowed) throw unsupported(`BMP compression ${compression} with ${bits} bits per pixel`);
  if (bits <= 8) {
    header.colours = header.colours || 1 << bits;
    if (header.colours > 1 << 16) throw corrupt(`BMP palette of ${header.colours} colours`);
    // Some writers give the offset of the palette as that of the pixels (PIL corrects it the same way).
    if (dataOffset === header.paletteOffset) {
      dataOffset += header.paletteEntry * header.colours;
      header.dataOffset = dataOffset;
    }
  }
  if (!bitFieldsUsable(header)) throw unsupported('BMP bit masks that are not contiguous runs of bits');
  return header;
}

/** Decodes a whole BMP file (see the rules above). Throws DecodeFailure. */
export function decodeBmp(buffer: Uint8Array): DecodedImage {
  const header = readBmpHeader(buffer);
  const { width, height, bits } = header;
  if (bits <= 8) {
    const indices = header.compression === BI_RGB ? unpackIndices(buffer, header) : decodeRle(buffer, header);
    return paletteImage(buffer, header, indices);
  }
  const withAlpha = bits === 32 && header.compression !== BI_RGB && hasAlpha(header);
  const stride = withAlpha ? 4 : 3;
  const data = new Uint8Array(width * height * stride);
  const rowBytes = rowBytesOf(header);
  checkRows(buffer, header, rowBytes);
  const fields = channelFields(header);
  for (let row = 0; row < height; row++) {
    const y = header.topDown ? row : height - 1 - row;
    let at = header.dataOffset + row * rowBytes;
    let out = y * width * stride;
    for (let x = 0; x < width; x++) {
      let pixel: number;
      if (bits === 24) {
        data[out++] = buffer[at + 2];
        data[out++] = buffer[at + 1];
        data[out++] = buffer[at];
        at += 3;
        continue;
      }
      if (bits === 16) {
        pixel = buffer[at] | (buffer[at + 1] << 8);
        at += 2;
      } else {
        pixel = (buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24)) >>> 0;
        at += 4;
      }
      for (let c = 0; c < stride; c++) data[out++] = fields[c](pixel);
    }
  }
  return {
    format: 'bmp',
    mode: withAlpha ? 'RGBA' : 'RGB',
    width,
    height,
    data,
    stride,
    colourChannels: 3,
    hadAlpha: withAlpha,
  };
}

/** Red, green, blue (and alpha) of a 16 or 32-bit pixel, each to 0..255. */
function channelFields(header: BmpHeader): ((pixel: number) => number)[] {
  if (header.compression === BI_RGB) {
    if (header.bits === 32) return [2, 1, 0].map((byte) => (pixel: number) => (pixel >>> (8 * byte)) & 0xff);
    return [10, 5, 0].map((shift) => scaled(0x1f << shift));
  }
  const [r, g, b, a] = masksOf(header);
  return [scaled(r), scaled(g), scaled(b), scaled(a)];
}

/** PIL reads 32-bit masks of all zeros as BGRA. */
function masksOf(header: BmpHeader): [number, number, number, number] {
  const { masks } = header;
  if (header.bits === 32 && masks.every((m) => m === 0)) return [0xff0000, 0xff00, 0xff, 0xff000000];
  return masks;
}

function hasAlpha(header: BmpHeader): boolean {
  return masksOf(header)[3] !== 0;
}

/** floor(v * 255 / max) of the field under `mask`: exact for 8-bit fields, PIL's rounding for 5 and 6 bits. */
function scaled(mask: number): (pixel: number) => number {
  if (mask === 0) return () => 0;
  const low = 31 - Math.clz32(mask & -mask);
  const max = mask >>> low;
  if (max === 0xff) return (pixel) => (pixel >>> low) & 0xff;
  return (pixel) => Math.floor((((pixel & mask) >>> low) * 255) / max);
}

function bitFieldsUsable(header: BmpHeader): boolean {
  if (header.compression !== BI_BITFIELDS && header.compression !== BI_ALPHABITFIELDS) return true;
  return masksOf(header).every((mask) => {
    if (mask === 0) return true;
    const run = mask >>> (31 - Math.clz32(mask & -mask));
    return (run & (run + 1)) === 0;
  });
}

function rowBytesOf(header: BmpHeader): number {
  return Math.ceil((header.width * header.bits) / 32) * 4;
}

function checkRows(buffer: Uint8Array, header: BmpHeader, rowBytes: number): void {
  const needed = header.dataOffset + rowBytes * header.height;
  // The last row need not be padded to four bytes.
  const last = Math.ceil((header.width * header.bits) / 8);
  if (buffer.length < needed - rowBytes + last)
    throw corrupt(`BMP pixel data truncated (${buffer.length} of ${needed} bytes)`);
}

/** Palette indices in display order (top row first) of an uncompressed 1, 4 or 8-bit bitmap. */
function unpackIndices(buffer: Uint8Array, header: BmpHeader): Uint8Array {
  const { width, height, bits } = header;
  const rowBytes = rowBytesOf(header);
  checkRows(buffer, header, rowBytes);
  const indices = new Uint8Array(width * height);
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  for (let row = 0; row < height; row++) {
    const y = header.topDown ? row : height - 1 - row;
    const at = header.dataOffset + row * rowBytes;
    const out = y * width;
    if (bits === 8) {
      indices.set(buffer.subarray(at, at + width), out);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const byte = buffer[at + Math.floor(x / perByte)];
      const shift = 8 - bits * ((x % perByte) + 1);
      indices[out + x] = (byte >> shift) & mask;
    }
  }
  return indices;
}

/**
 * RLE8 / RLE4 as PIL runs them: pixels in file order (bottom row first unless top-down), a run clipped at the
 * end of its row, an end-of-line that pads the row, a delta that skips pixels; unset pixels are index 0.
 */
function decodeRle(buffer: Uint8Array, header: BmpHeader): Uint8Array {
  const { width, height } = header;
  const rle4 = header.compression === BI_RLE4;
  const total = width * height;
  const stored = new Uint8Array(total);
  // `pos` counts the pixels produced; `x` is the column, which (as in PIL) only an end of line or a delta resets:
  // a run that reaches the end of its row leaves x there, and later runs before the end of line are dropped.
  let pos = 0;
  let x = 0;
  let at = header.dataOffset;
  const put = (index: number) => {
    if (pos < total) stored[pos] = index;
    pos++;
  };
  while (pos < total && at + 1 < buffer.length) {
    const count = buffer[at];
    const value = buffer[at + 1];
    at += 2;
    if (count > 0) {
      const n = Math.max(0, Math.min(count, width - x));
      for (let i = 0; i < n; i++) put(rle4 ? (i % 2 === 0 ? value >> 4 : value & 0x0f) : value);
      x += n;
      continue;
    }
    if (value === 0) {
      if (pos % width !== 0) pos += width - (pos % width);
      x = 0;
    } else if (value === 1) {
      break;
    } else if (value === 2) {
      if (at + 1 >= buffer.length) break;
      pos += buffer[at] + buffer[at + 1] * width;
      x = pos % width;
      at += 2;
    } else {
      const bytes = rle4 ? Math.ceil(value / 2) : value;
      if (at + bytes > buffer.length) break;
      for (let i = 0; i < value; i++) {
        put(
          rle4 ? (i % 2 === 0 ? buffer[at + (i >> 1)] >> 4 : buffer[at + (i >> 1)] & 0x0f) : buffer[at + i],
        );
      }
      x += value;
      at += bytes + (bytes % 2);
    }
  }
  if (header.topDown) return stored;
  const indices = new Uint8Array(total);
  for (let row = 0; row < height; row++)
    indices.set(stored.subarray(row * width, (row + 1) * width), (height - 1 - row) * width);
  return indices;
}

/** Grey (mode L) when the palette is PIL's grey ramp, else the palette expanded to RGB (mode P). */
function paletteImage(buffer: Uint8Array, header: BmpHeader, indices: Uint8Array): DecodedImage {
  const { width, height } = header;
  const palette = readPalette(buffer, header);
  const base = { format: 'bmp', width, height, hadAlpha: false } as const;
  if (isGreyRamp(palette, header.colours)) {
    const data = header.colours === 2 ? indices.map((i) => (i ? 255 : 0)) : indices;
    return { ...base, mode: 'L', data, stride: 1, colourChannels: 1 };
  }
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, out = 0; i < indices.length; i++) {
    const entry = indices[i] * 3;
    data[out++] = palette[entry];
    data[out++] = palette[entry + 1];
    data[out++] = palette[entry + 2];
  }
  return { ...base, mode: 'P', data, stride: 3, colourChannels: 3 };
}

/** 256 RGB entries: the file's, then (i, i, i) for the entries it does not give (PIL's filler). */
function readPalette(buffer: Uint8Array, header: BmpHeader): Uint8Array {
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) palette.fill(i, i * 3, i * 3 + 3);
  const given = Math.min(header.colours, 256);
  for (let i = 0; i < given; i++) {
    const at = header.paletteOffset + i * header.paletteEntry;
    if (at + 3 > buffer.length) throw corrupt('BMP palette truncated');
    palette[i * 3] = buffer[at + 2];
    palette[i * 3 + 1] = buffer[at + 1];
    palette[i * 3 + 2] = buffer[at];
  }
  return palette;
}

function isGreyRamp(palette: Uint8Array, colours: number): boolean {
  if (colours > 256) return false;
  const levels = colours === 2 ? [0, 255] : Array.from({ length: colours }, (_, i) => i);
  return levels.every(
    (level, i) => palette[i * 3] === level && palette[i * 3 + 1] === level && palette[i * 3 + 2] === level,
  );
}

function corrupt(message: string): DecodeFailure {
  return new DecodeFailure('corrupt', message);
}

function unsupported(what: string): DecodeFailure {
  return new DecodeFailure('unsupported', `${what}: not a BMP variant this tool decodes`);
}
