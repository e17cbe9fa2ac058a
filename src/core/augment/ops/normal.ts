import type { Rng } from '../../util/rng';

/** Fills `out` with N(0, 1) samples from the seeded generator (Box-Muller, both outputs used). */
export function fillStandardNormal(rng: Rng, out: Float32Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log stays finite
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
}
