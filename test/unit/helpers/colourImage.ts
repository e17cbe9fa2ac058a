import type { DecodedImage } from '../../../src/core/decode/decodedImage';

/** `data` as a decoded colour photo: packed RGB (stride 3) or RGBA (stride 4), as sharp gives a JPEG or a PNG. */
export function colourImage(
  width: number,
  height: number,
  data: Uint8Array,
  stride: 3 | 4 = 3,
): DecodedImage {
  return {
    format: 'jpeg',
    mode: stride === 3 ? 'RGB' : 'RGBA',
    width,
    height,
    data,
    stride,
    colourChannels: 3,
    hadAlpha: stride === 4,
  };
}
