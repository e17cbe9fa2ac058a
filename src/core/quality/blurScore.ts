/** Below this grey-level std (0..255) a thumbnail is flat: it has no edges to be sharp or blurred. */
export const FLAT_STD = 3;

/**
 * Sharpness of a grey thumbnail (values 0..255): std of its 4-neighbour Laplacian divided by its own std.
 * Dividing by contrast makes the score depend on how abrupt the edges are, not on how strong they are, and
 * a flat image (std < FLAT_STD) gets null instead of a low score — CleanVision's edge score flags flat-colour
 * images as blurry; here they are left to the low_information check.
 */
export function blurScore(thumbnail: Float64Array, width: number, height: number): number | null {
  const n = width * height;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += thumbnail[k];
  const mean = sum / n;
  let squares = 0;
  for (let k = 0; k < n; k++) squares += (thumbnail[k] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  if (std < FLAT_STD || width < 3 || height < 3) return null;
  let lapSum = 0;
  let lapSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const k = y * width + x;
      const lap =
        thumbnail[k - 1] + thumbnail[k + 1] + thumbnail[k - width] + thumbnail[k + width] - 4 * thumbnail[k];
      lapSum += lap;
      lapSquares += lap * lap;
      count++;
    }
  }
  const lapMean = lapSum / count;
  return Math.sqrt(Math.max(0, lapSquares / count - lapMean * lapMean)) / std;
}
