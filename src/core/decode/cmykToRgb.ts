/**
 * CMYK pixels to RGB as Pillow converts them (`Image.convert('RGB')`, its cmyk2rgb in Convert.c): no colour
 * management, r = (255 - k) - c * (255 - k) / 255 rounded as Pillow's MULDIV255. That is what torchvision's
 * ImageFolder (its PIL loader) trains on; libvips' conversion through a CMYK profile gave a red std 21% lower.
 * `stride`: bytes per source pixel (4, or 5 with alpha, which is dropped).
 */
export function cmykToRgb(cmyk: Uint8Array, pixels: number, stride: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += stride, o += 3) {
    const nk = 255 - cmyk[i + 3];
    rgb[o] = nk - mulDiv255(cmyk[i], nk);
    rgb[o + 1] = nk - mulDiv255(cmyk[i + 1], nk);
    rgb[o + 2] = nk - mulDiv255(cmyk[i + 2], nk);
  }
  return rgb;
}

/** Pillow's MULDIV255: a * b / 255, rounded, in integers (never more than b, so nk - it stays in 0..255). */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}
