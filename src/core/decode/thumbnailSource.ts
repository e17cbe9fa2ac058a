import type { Sharp } from 'sharp';
import { sharp } from '../util/lazySharp';
import { DecodeFailure, DEFAULT_MAX_PIXELS, type DecodedImage } from './decodedImage';
import { decodeWithoutSharp } from './decodeImage';
import { readImageFile } from './readImageFile';
import { sniffFormat } from './sniffFormat';

/**
 * A sharp image of a dataset file, to draw a thumbnail of: read as the analysis reads files (regular files only,
 * sizes bounded by the pixel limit, SVG and unknown contents refused, BMPs decoded here), EXIF orientation applied.
 * A damaged file is drawn as far as it decodes (failOn 'none'): a thumbnail shows what is there. Throws
 * DecodeFailure for what the analysis refuses outright.
 */
export function thumbnailSource(file: string, maxPixels = DEFAULT_MAX_PIXELS): Sharp {
  // A copy: the reader's small-file buffer is reused by the next read, and sharp works asynchronously.
  const buffer = Buffer.from(readImageFile(file, undefined, maxPixels));
  let decoded;
  try {
    decoded = decodeWithoutSharp(buffer, { maxPixels });
  } catch (error) {
    // Damage the PNG fast path stops at may still leave something sharp can draw; sharp draws no BMP.
    const damaged = error instanceof DecodeFailure && error.kind === 'corrupt';
    if (!damaged || buffer.length === 0 || sniffFormat(buffer) === 'bmp') throw error;
  }
  if (!decoded) return sharp(buffer, { failOn: 'none', limitInputPixels: maxPixels }).rotate();
  const { width, height, stride } = decoded;
  return sharp(decoded.data, { raw: { width, height, channels: stride as 1 | 2 | 3 | 4 } });
}

/** Decoded pixels as a sharp image (EXIF orientation already applied by the decode), grey kept grey. */
export function sharpOfDecoded(decoded: DecodedImage): Sharp {
  const { width, height, stride } = decoded;
  const image = sharp(decoded.data, { raw: { width, height, channels: stride as 1 | 2 | 3 | 4 } });
  // Raw pixels of one or two channels are grey: written as grey, not widened to RGB.
  return stride <= 2 ? image.toColourspace('b-w') : image;
}
