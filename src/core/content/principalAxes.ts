import { createRng } from '../util/rng';

/**
 * The `k` leading principal axes (unit vectors, by decreasing variance) of `rows` (already centred), by subspace
 * iteration on their covariance: a few hundred milliseconds for 2,048 rows of 816, where a full
 * eigendecomposition is not needed. Seeded: the same rows give the same axes.
 */
export function principalAxes(rows: Float32Array[], k: number, iterations = 24): Float32Array[] {
  const d = rows[0]?.length ?? 0;
  k = Math.min(k, d, rows.length);
  if (k === 0) return [];
  const cov = new Float64Array(d * d);
  for (const row of rows)
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) cov[base + b] += ra * row[b];
    }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];

  const rng = createRng(1);
  let basis = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => rng.next() - 0.5));
  orthonormalise(basis);
  for (let it = 0; it < iterations; it++) {
    basis = basis.map((q) => {
      const z = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let s = 0;
        const base = a * d;
        for (let b = 0; b < d; b++) s += cov[base + b] * q[b];
        z[a] = s;
      }
      return z;
    });
    orthonormalise(basis);
  }
  return basis.map((q) => Float32Array.from(q));
}

/** Modified Gram-Schmidt, in place; a vector that vanishes is replaced by zeros. */
function orthonormalise(vectors: Float64Array[]): void {
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    for (let j = 0; j < i; j++) {
      const u = vectors[j];
      let p = 0;
      for (let a = 0; a < v.length; a++) p += v[a] * u[a];
      for (let a = 0; a < v.length; a++) v[a] -= p * u[a];
    }
    let n = 0;
    for (let a = 0; a < v.length; a++) n += v[a] * v[a];
    const inv = n > 1e-24 ? 1 / Math.sqrt(n) : 0;
    for (let a = 0; a < v.length; a++) v[a] *= inv;
  }
}
