import { CONFIRM_THUMB_SIZE as T } from '../../../src/core/content/modelInput';

/**
 * The confirmation's prepared thumbnail written as its definition reads (confirmPair.ts's prepare() takes
 * shortcuts): the grey levels minus their 5x5 box average (edges clamped), clipped at the 0.9 quantile of the
 * magnitudes found by a sort, zero mean, unit norm (all zeros when flat).
 */
export function preparedByDefinition(grey: Float32Array): Float32Array {
  const clamp = (v: number) => Math.min(T - 1, Math.max(0, v));
  const across = new Float32Array(T * T);
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) s += grey[y * T + clamp(x + d)];
      across[y * T + x] = s / 5;
    }
  const out = new Float32Array(T * T);
  let mean = 0;
  for (let y = 0; y < T; y++)
    for (let x = 0; x < T; x++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) s += across[clamp(y + d) * T + x];
      const v = grey[y * T + x] - s / 5;
      out[y * T + x] = v;
      mean += v;
    }
  mean /= out.length;
  const cap = Float32Array.from(out, (v) => Math.abs(v - mean)).sort()[Math.floor(0.9 * (out.length - 1))];
  let clippedMean = 0;
  for (let i = 0; i < out.length; i++) clippedMean += out[i] = Math.max(-cap, Math.min(cap, out[i] - mean));
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += (out[i] -= clippedMean / out.length) ** 2;
  const inv = 1 / Math.sqrt(norm);
  return norm > 1e-9 ? out.map((v) => v * inv) : out.fill(0);
}
