/**
 * Byte-coded content vectors (value = code x scale) as the content search compares them: centred on their mean,
 * then unit length. Returns a reader writing vector `i` into `out`.
 */
export function centredUnitReader(
  codes: readonly Uint8Array[],
  scales: readonly number[],
): <T extends Float32Array | Float64Array>(i: number, out: T) => T {
  const n = codes.length;
  const dims = codes[0]?.length ?? 0;
  const mean = new Float64Array(dims);
  for (let i = 0; i < n; i++) for (let c = 0; c < dims; c++) mean[c] += (codes[i][c] * scales[i]) / n;
  return (i, out) => {
    let norm = 0;
    for (let c = 0; c < dims; c++) {
      out[c] = codes[i][c] * scales[i] - mean[c];
      norm += out[c] * out[c];
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < dims; c++) out[c] *= inv;
    return out;
  };
}
