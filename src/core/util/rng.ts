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

/** A generator whose state can be copied: the copy goes on with the same numbers, independently. */
export interface SeededRng extends Rng {
  clone(): SeededRng;
}

export function createRng(seed: number): SeededRng {
  return wrap(xoroshiro128plus(seed | 0));
}

function wrap(generator: ReturnType<typeof xoroshiro128plus>): SeededRng {
  return {
    next: () => uniformFloat64(generator),
    int: (from, to) => uniformInt(generator, from, to),
    clone: () => wrap(generator.clone() as ReturnType<typeof xoroshiro128plus>),
  };
}
