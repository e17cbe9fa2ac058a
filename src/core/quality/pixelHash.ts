import type { DecodedImage } from '../decode/decodedImage';

/**
 * Identity of the decoded picture: size, channel count and a 64-bit hash of the colour bytes (alpha and padding
 * left out; a colour image whose channels are all equal is hashed as grey), so a PNG and a lossless WebP of the
 * same pixels, or a grey image saved as RGB, are exact duplicates.
 */
export function pixelHash(image: DecodedImage, channelsEqual: boolean, hashBytes: (bytes: Uint8Array) => string): string {
  const channels = image.colourChannels === 3 && !channelsEqual ? 3 : 1;
  const pixels = image.width * image.height;
  let bytes: Uint8Array;
  if (image.stride === channels) bytes = image.data.subarray(0, pixels * channels);
  else {
    bytes = new Uint8Array(pixels * channels);
    for (let p = 0, i = 0, o = 0; p < pixels; p++, i += image.stride) {
      for (let c = 0; c < channels; c++) bytes[o++] = image.data[i + c];
    }
  }
  return `${image.width}x${image.height}x${channels}:${hashBytes(bytes)}`;
}
