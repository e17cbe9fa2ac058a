import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { crc32 } from 'node:zlib';
import { readBmpHeader } from './bmp';
import { fileErrorMessage } from '../util/errors';
import { DecodeFailure, DEFAULT_MAX_PIXELS } from './decodedImage';
import { readJpegFrame } from './jpegHeader';
import { FAST_PATH_MAX_BYTES, readPngHeader } from './pngFastPath';
import { NO_KNOWN_FORMAT, SVG_CONTENT, sniffFormat } from './sniffFormat';

/** A file's size and mtime as the descriptor it was read from gives them (fstat). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * Bytes per pixel no image format we decode needs more of (four 32-bit channels), and room for metadata: a file
 * larger than `pixels` times this plus that room holds more than an image of that many pixels.
 */
const MAX_BYTES_PER_PIXEL = 16;
const METADATA_BYTES = 64 * 1024 * 1024;

/** Non-blocking: opening a FIFO with no writer would otherwise wait for one forever. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const smallFileBuffer = Buffer.alloc(FAST_PATH_MAX_BYTES + 1);

/** Whether `buffer` is the shared small-file buffer (valid until the next read: copy it to keep it). */
export function isSharedReadBuffer(buffer: Buffer): boolean {
  return buffer.buffer === smallFileBuffer.buffer;
}

/**
 * The whole file, read only when it is a regular file whose size and first bytes allow it; throws DecodeFailure.
 * A small file (the common case) is one read into a shared buffer, valid until the next read: the PNG fast path
 * decodes it synchronously and sharp gets a copy. A larger one is checked before the rest is read (fstat: a
 * regular file, of a size the pixel limit allows; its first bytes: an image format we decode, with a sound header
 * of at most `maxPixels` pixels), then read to the size fstat gave, however the file grows meanwhile. An empty
 * read or a failed one is explained by fstat too (a FIFO reads as empty, or fails with EAGAIN). `stamp`, when
 * given, is filled from an fstat of the descriptor.
 */
export function readImageFile(
  open: string | Uint8Array,
  stamp?: FileStamp,
  maxPixels: number = DEFAULT_MAX_PIXELS,
): Buffer {
  const file = typeof open === 'string' ? open : Buffer.from(open);
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(error);
  }
  let stats: Stats | undefined;
  try {
    if (stamp) {
      stats = regularFile(fstatSync(fd));
      stamp.size = stats.size;
      stamp.mtimeMs = stats.mtimeMs;
    }
    // Positioned reads: the descriptor's offset is never relied on.
    const n = readSync(fd, smallFileBuffer, 0, smallFileBuffer.length, 0);
    if (n > 0 && n <= FAST_PATH_MAX_BYTES) return smallFileBuffer.subarray(0, n);
    stats ??= regularFile(fstatSync(fd));
    if (n === 0) return smallFileBuffer.subarray(0, 0);
    refuseBeforeReading(smallFileBuffer.subarray(0, n), stats.size, maxPixels);
    const whole = Buffer.allocUnsafe(stats.size);
    smallFileBuffer.copy(whole, 0, 0, n);
    let got = n;
    while (got < whole.length) {
      const more = readSync(fd, whole, got, whole.length - got, got);
      if (more === 0) break;
      got += more;
    }
    return got < whole.length ? whole.subarray(0, got) : whole;
  } catch (error) {
    if (error instanceof DecodeFailure) throw error;
    // A read that failed on something other than a regular file (EAGAIN from a FIFO): say what it is.
    if (!stats) regularFile(fstatOr(fd, error));
    throw unreadable(error);
  } finally {
    closeSync(fd);
  }
}

function fstatOr(fd: number, failure: unknown): Stats {
  try {
    return fstatSync(fd);
  } catch {
    throw unreadable(failure);
  }
}

function regularFile(stats: Stats): Stats {
  if (stats.isFile()) return stats;
  const kind = stats.isFIFO()
    ? 'FIFO'
    : stats.isCharacterDevice()
      ? 'character device'
      : stats.isBlockDevice()
        ? 'block device'
        : stats.isSocket()
          ? 'socket'
          : stats.isDirectory()
            ? 'directory'
            : 'special file';
  throw new DecodeFailure('unreadable', `not a regular file (${kind}): not read`);
}

/**
 * What the first bytes and the size of a large file tell before it is read: too large for the pixel limit, no
 * image format we decode, a PNG header that fails its CRC, a header of too many pixels. Each refusal reads nothing
 * more: a 1.5 GB file of zeros (sparse) named .png is refused from its first 64 KB.
 */
export function refuseBeforeReading(head: Uint8Array, size: number, maxPixels: number): void {
  const limit = sizeLimit(maxPixels);
  if (size > limit) {
    throw new DecodeFailure(
      'too_large',
      `${size} bytes: more than an image within the pixel limit of ${maxPixels} can take (${limit} bytes); not read`,
    );
  }
  const format = sniffFormat(head);
  if (format === undefined) throw new DecodeFailure('unsupported', NO_KNOWN_FORMAT);
  if (format === 'svg') throw new DecodeFailure('unsupported', SVG_CONTENT);
  const pixels = headerPixels(head, format);
  if (pixels === undefined) return;
  if (pixels > maxPixels)
    throw new DecodeFailure('too_large', `${pixels} pixels exceed the pixel limit of ${maxPixels}; not read`);
  // More bytes than the pixels its header announces can take (with room for metadata) is not that image. GIF, TIFF
  // and HEIF, which often hold many frames, are bounded by the pixel limit only.
  if (size > sizeLimit(pixels)) {
    throw new DecodeFailure(
      'too_large',
      `${size} bytes for an image of ${pixels} pixels: more than it can take (${sizeLimit(pixels)} bytes); not read`,
    );
  }
}

function sizeLimit(pixels: number): number {
  return pixels * MAX_BYTES_PER_PIXEL + METADATA_BYTES;
}

/** Pixels the header announces (PNG, JPEG, BMP), when the first bytes hold it; throws on a damaged PNG header. */
function headerPixels(head: Uint8Array, format: string): number | undefined {
  if (format === 'png') {
    const png = readPngHeader(head);
    if (!png) throw new DecodeFailure('corrupt', 'PNG file too short for its header');
    const stored = new DataView(head.buffer, head.byteOffset).getUint32(29);
    if (typeof crc32 === 'function' && crc32(head.subarray(12, 29)) !== stored)
      throw new DecodeFailure('corrupt', 'PNG header (IHDR) fails its CRC check');
    return png.width * png.height;
  }
  if (format === 'jpeg') {
    const frame = readJpegFrame(head);
    return frame && frame.width * frame.height;
  }
  if (format === 'bmp') {
    const bmp = readBmpHeader(head);
    return bmp.width * bmp.height;
  }
  return undefined;
}

function unreadable(error: unknown): DecodeFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const message = fileErrorMessage(error);
  return new DecodeFailure('unreadable', code && !message.startsWith(code) ? `${code}: ${message}` : message);
}
