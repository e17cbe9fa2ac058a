import {
  decodeWithSharpCopy,
  decodeWithoutSharp,
  type DecodeOptions,
  type HeldPixels,
} from '../decode/decodeImage';
import { DecodeFailure, DEFAULT_MAX_PIXELS, type DecodedImage } from '../decode/decodedImage';
import { refuseBeforeReading } from '../decode/readImageFile';

/**
 * The bytes of one image inside a container (a Parquet row, a tar member, an idx record), carried with its scan
 * entry: the container is read once, in order, and each image travels to the process that decodes it.
 */
export type MemberContent =
  /** An image file's bytes (PNG, JPEG, WebP...), decoded as a file of the same bytes would be. */
  | { kind: 'encoded'; bytes: Uint8Array }
  /** 8-bit grey pixels, row-major, no header (MNIST idx). */
  | { kind: 'grey'; format: string; width: number; height: number; pixels: Uint8Array }
  /** A row with no image bytes (null, or a path to a file elsewhere): a per-file issue saying so. */
  | { kind: 'absent'; message: string };

/** Larger encoded members are checked as a large file is before it is read (refuseBeforeReading). */
const CHECK_ABOVE_BYTES = 64 * 1024;

/**
 * What can be decoded at once, without sharp: grey pixels, and what decodeWithoutSharp decodes. Undefined: the
 * bytes need sharp (decodeMemberWithSharp). Throws DecodeFailure as a file of the same bytes would.
 */
export function decodeMemberNow(
  content: MemberContent,
  options: DecodeOptions = {},
): DecodedImage | undefined {
  if (content.kind === 'grey') return greyImage(content, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  if (content.kind === 'absent') throw new DecodeFailure('unsupported', content.message);
  const buffer = bufferOf(content.bytes);
  if (buffer.length > CHECK_ABOVE_BYTES)
    refuseBeforeReading(
      buffer.subarray(0, CHECK_ABOVE_BYTES),
      buffer.length,
      options.maxPixels ?? DEFAULT_MAX_PIXELS,
    );
  return decodeWithoutSharp(buffer, options);
}

/** The encoded member decoded by sharp (after decodeMemberNow gave undefined); `held` as decodeWithSharpCopy's. */
export function decodeMemberWithSharp(
  content: Extract<MemberContent, { kind: 'encoded' }>,
  options: DecodeOptions = {},
  held?: HeldPixels,
): Promise<DecodedImage> {
  return decodeWithSharpCopy(bufferOf(content.bytes), options, held);
}

/** Decodes a member whichever way it needs. */
export async function decodeMember(
  content: MemberContent,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const now = decodeMemberNow(content, options);
  if (now) return now;
  if (content.kind !== 'encoded') throw new Error('unreachable: only encoded members need sharp');
  return decodeMemberWithSharp(content, options);
}

/** Bytes a member occupies in its container: the size its issues and its cache key give. */
export function memberSize(content: MemberContent): number {
  if (content.kind === 'absent') return 0;
  return content.kind === 'encoded' ? content.bytes.length : content.pixels.length;
}

function greyImage(content: Extract<MemberContent, { kind: 'grey' }>, maxPixels: number): DecodedImage {
  const { width, height, pixels } = content;
  if (width * height > maxPixels)
    throw new DecodeFailure('too_large', `${width}x${height} exceeds the pixel limit of ${maxPixels}`);
  return {
    format: content.format,
    mode: 'L',
    width,
    height,
    data: pixels,
    stride: 1,
    colourChannels: 1,
    hadAlpha: false,
  };
}

/** A Buffer view of the same bytes (IPC delivers Uint8Arrays; the decoders take Buffers). */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
