import { createRng } from '../../../src/core/util/rng';

export interface Flip {
  position: number;
  /** A copy of the file with the byte at `position` changed (XOR with a seeded non-zero value). */
  bytes: Buffer;
}

/**
 * Copies of `file` with one byte changed each: at every position of `every` (the parts whose damage reads
 * differently: magic, header fields, frame heads, the end marker) and at `seeded` more distinct positions drawn
 * over the whole file. Seeded: the same flips on every run.
 */
export function* flipSweep(
  file: Buffer,
  options: { seed: number; every: Iterable<number>; seeded: number },
): Generator<Flip> {
  const rng = createRng(options.seed);
  const positions = new Set([...options.every].filter((p) => p >= 0 && p < file.length));
  const wanted = Math.min(positions.size + options.seeded, file.length);
  while (positions.size < wanted) positions.add(rng.int(0, file.length - 1));
  for (const position of [...positions].sort((a, b) => a - b)) {
    const bytes = Buffer.from(file);
    bytes[position] ^= rng.int(1, 255);
    yield { position, bytes };
  }
}

/** The integers from `start` up to `end`, excluded. */
export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
}
