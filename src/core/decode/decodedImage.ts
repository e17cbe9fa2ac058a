/** Channel layout of the file as stored, named as PIL names modes (what users see in their loaders). */
export type SourceMode = 'L' | 'LA' | 'RGB' | 'RGBA' | 'P' | 'CMYK' | 'L16' | 'RGB16' | 'other';

/** Why a file could not be analysed; each becomes a per-file issue of this kind. */
export type DecodeFailureKind = 'corrupt' | 'unreadable' | 'unsupported' | 'too_large';

/** 8-bit pixels after EXIF orientation, interleaved with `stride` bytes per pixel. */
export interface DecodedImage {
  format: string;
  mode: SourceMode;
  width: number;
  height: number;
  data: Uint8Array;
  /** Bytes per pixel in `data` (1..4); colour channels come first, alpha (if any) last. */
  stride: number;
  /** Channels that carry colour: 1 for grey, 3 for colour. Alpha is never one of them. */
  colourChannels: 1 | 3;
  hadAlpha: boolean;
  /** Set when the image was shrunk on load to fit DecodeOptions.fitPixels: its size as stored. */
  reducedFrom?: { width: number; height: number };
}

export class DecodeFailure extends Error {
  override readonly name = 'DecodeFailure';
  constructor(
    readonly kind: DecodeFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** sharp's own default (0x3FFF * 0x3FFF): larger images are refused before any pixel is decoded. */
export const DEFAULT_MAX_PIXELS = 268402689;
