/**
 * What imageHistogram must give for the first `pixels` colour pixels of `data`, `stride` bytes apart (an alpha byte
 * is skipped), written out byte by byte: the per-channel counts, whether every pixel's three channels are equal, and
 * PIL's convert('L') grey levels as its source writes them (libImaging/Convert.c: L24).
 */
export function referenceHistogram(
  data: Uint8Array,
  pixels: number,
  stride = 3,
): { counts: number[]; channelsEqual: boolean; grey: Uint8Array } {
  const counts = new Array<number>(768).fill(0);
  const grey = new Uint8Array(pixels);
  let channelsEqual = true;
  for (let p = 0; p < pixels; p++) {
    const [r, g, b] = [data[stride * p], data[stride * p + 1], data[stride * p + 2]];
    counts[r]++;
    counts[256 + g]++;
    counts[512 + b]++;
    if (r !== g || g !== b) channelsEqual = false;
    grey[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }
  return { counts, channelsEqual, grey };
}
