import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { log } from '../log';

/**
 * Bump when a generator changes, so cached sets are rebuilt rather than silently reused.
 * 2: the project's seeded generator (src/core/util/rng) instead of a hand-written one.
 */
export const GENERATOR_VERSION = 2;

/** A folder of generated images, `<dir>/class_<c>/<index>.<ext>`, class = index modulo the class count. */
export interface GeneratedSet {
  name: string;
  count: number;
  classes: number;
  ext: 'png' | 'jpg';
  write(file: string, index: number, cls: number): Promise<void>;
  /** Checks the first file written (e.g. its PNG colour type); throws when it is not what the set promises. */
  check?(file: string): void;
}

export function fileOf(dir: string, set: GeneratedSet, index: number): string {
  const cls = index % set.classes;
  return path.join(dir, `class_${cls}`, `${String(index).padStart(6, '0')}.${set.ext}`);
}

/**
 * Generates `set` under `parent` unless an identical generation is already there (same generator version,
 * count and sharp), and returns its folder. An interrupted generation leaves no marker and is redone.
 */
export async function ensureGeneratedSet(parent: string, set: GeneratedSet): Promise<string> {
  const dir = path.join(parent, set.name);
  const markerPath = `${dir}.version.json`;
  const marker = JSON.stringify({
    generator: GENERATOR_VERSION,
    count: set.count,
    sharp: sharp.versions.sharp,
  });
  if (existsSync(dir) && existsSync(markerPath) && readFileSync(markerPath, 'utf8') === marker) return dir;

  log(`Generating ${set.name}: ${set.count} ${set.ext.toUpperCase()} files in ${dir}`);
  rmSync(markerPath, { force: true });
  rmSync(dir, { recursive: true, force: true });
  for (let c = 0; c < set.classes; c++) mkdirSync(path.join(dir, `class_${c}`), { recursive: true });
  const started = performance.now();
  // sharp encodes on libuv's thread pool, so a few files in flight keep both cores busy.
  await promisePool(set.count, 8, (i) => set.write(fileOf(dir, set, i), i, i % set.classes));
  set.check?.(fileOf(dir, set, 0));
  writeFileSync(markerPath, marker);
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** Runs task(0..count-1) with at most `concurrency` in flight, logging progress about once a second. */
async function promisePool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let done = 0;
  let lastReport = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      await task(next++);
      done++;
      if (performance.now() - lastReport > 1000 || done === count) {
        lastReport = performance.now();
        log(`  ${done}/${count}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** The tiny set must hold real 1-channel PNGs (colour type 0), as Fashion-MNIST exports do. */
export function assertGreyPng(file: string): void {
  const colourType = readFileSync(file)[25];
  if (colourType !== 0) throw new Error(`${file} has PNG colour type ${colourType}, expected 0 (grey)`);
}
