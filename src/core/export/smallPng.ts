import { crc32, deflateSync } from 'node:zlib';

/**
 * Largest image data (a filter byte per row included) encoded here rather than by sharp: below it sharp's fixed
 * cost per call is most of an output's CPU (a 32x32 grey digit); above it the deflate is, and sharp's costs the
 * same.
 */
export const SMALL_PNG_MAX_BYTES = 64 * 1024;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** pHYs as libvips writes it (1 pixel per mm, its default resolution): the chunks stay those sharp writes. */
const PHYS = Buffer.from([0, 0, 0x03, 0xe8, 0, 0, 0x03, 0xe8, 1]);
/** libpng's compression buffer: the deflate stream is cut into IDAT chunks of this size. */
const IDAT_BYTES = 8192;

/**
 * Encodes 8-bit grey or RGB pixels as sharp's `png({ compressionLevel: 6 })` does on an image this small: the same
 * chunks (IHDR, pHYs, IDATs of 8 KB, IEND), rows unfiltered, deflate level 6 with the window libpng picks for the data's
 * size. The pixels are the same; the IDAT bytes are Node's zlib's, not libvips' zlib-ng's. Undefined when the
 * image is larger than SMALL_PNG_MAX_BYTES or this Node has no zlib.crc32 (sharp then encodes it).
 */
export function encodeSmallPng(
  pixels: Uint8Array,
  size: { width: number; height: number; channels: 1 | 3 },
): Buffer | undefined {
  const { width, height, channels } = size;
  const stride = width * channels;
  const dataBytes = (stride + 1) * height;
  if (dataBytes > SMALL_PNG_MAX_BYTES || typeof crc32 !== 'function') return undefined;
  if (pixels.length !== stride * height)
    throw new Error(`encodeSmallPng: ${pixels.length} bytes for ${width}x${height}x${channels}`);
  const data = Buffer.allocUnsafe(dataBytes);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    data[row] = 0; // filter: none
    data.set(pixels.subarray(y * stride, (y + 1) * stride), row + 1);
  }
  const idat = deflateSync(data, { level: 6, windowBits: windowBitsFor(dataBytes) });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : 2; // colour type: grey, RGB
  const idats: Buffer[] = [];
  for (let start = 0; start < idat.length; start += IDAT_BYTES)
    idats.push(chunk('IDAT', idat.subarray(start, start + IDAT_BYTES)));
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('pHYs', PHYS), ...idats, chunk('IEND')]);
}

/** libpng's choice (png_deflate_claim): the smallest window that still holds the data and a match's lookahead. */
function windowBitsFor(dataBytes: number): number {
  let bits = 15;
  while (bits > 9 && dataBytes + 262 <= 1 << (bits - 1)) bits--;
  return bits;
}

function chunk(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(body.length + 12);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}
