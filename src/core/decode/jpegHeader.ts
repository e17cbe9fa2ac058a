/** What a JPEG's frame header (SOF) says: size and number of colour components. */
export interface JpegFrame {
  width: number;
  height: number;
  /** 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
}

/**
 * The frame header of a baseline/progressive JPEG, read by walking the marker segments up to the first SOF.
 * Undefined if the bytes are not such a JPEG. Lets the decoder skip sharp's metadata() call for JPEGs: one
 * libvips call per photo instead of two.
 */
export function readJpegFrame(buffer: Uint8Array): JpegFrame | undefined {
  if (buffer.length < 4 || buffer[0] !== 0xff || buffer[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= buffer.length) {
    if (buffer[i] !== 0xff) return undefined;
    const marker = buffer[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = (buffer[i + 2] << 8) | buffer[i + 3];
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): height, width and components from offset 5.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 >= buffer.length) return undefined;
      return {
        height: (buffer[i + 5] << 8) | buffer[i + 6],
        width: (buffer[i + 7] << 8) | buffer[i + 8],
        components: buffer[i + 9],
      };
    }
    if (marker === 0xda || length < 2) return undefined; // scan data before any frame header
    i += 2 + length;
  }
  return undefined;
}
