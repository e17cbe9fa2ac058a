import type { DecodedImage } from '../decode/decodedImage';

/**
 * 64-bit hash (16 hex digits) of the decoded colour bytes: alpha and padding left out, and a colour image whose
 * channels are all equal hashed as grey, so a PNG and a lossless WebP of the same pixels, or a grey image saved
 * as RGB, match. Exact duplicates must also match in width, height and hashed channel count.
 */
export function pixelHash(
  image: DecodedImage,
  channelsEqual: boolean,
  hashBytes: (bytes: Uint8Array) => string,
): string {
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
  return hashBytes(bytes);
}
