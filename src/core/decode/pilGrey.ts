/**
 * PIL's `convert('L')` of one RGB pixel: ITU-R 601-2 luma in PIL's fixed point (libImaging/Convert.c, L24),
 * which imagehash's phash starts from.
 */
export function pilGrey(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
}
