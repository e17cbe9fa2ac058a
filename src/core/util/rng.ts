import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** The only source of randomness in the engine: seeded, so every run with the same seed is identical. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
}

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return {
    next: () => uniformFloat64(generator),
    int: (from, to) => uniformInt(generator, from, to),
  };
}
