import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { createRng, type Rng } from '../../../src/core/util/rng';
import { log } from '../log';
import { GENERATOR_VERSION } from './generatedSet';

const SIDE = 28;
const PER_DIR = 1000;

/** Pixels of one distinct 28x28 grey image: two blobs of random place, size and brightness, over noise. */
export function renderScaleImage(rng: Rng, into: Buffer): void {
  const blobs = [0, 1].map(() => ({
    x: rng.int(0, SIDE - 1),
    y: rng.int(0, SIDE - 1),
    r2: rng.int(4, 63),
    v: rng.int(60, 239),
  }));
  for (let p = 0; p < SIDE * SIDE; p++) {
    let value = 10 + ((rng.next() * 32) | 0);
    const px = p % SIDE;
    const py = Math.floor(p / SIDE);
    for (const b of blobs) if ((px - b.x) ** 2 + (py - b.y) ** 2 < b.r2) value = Math.max(value, b.v);
    into[p] = value;
  }
}

/**
 * `files` distinct 28x28 grey PNGs, 1000 per folder, spread over 10 class folders (`class_<c>/part_<k>/<i>.png`),
 * written with pngjs (the fastest writer for a million small files) unless the same count is already there.
 */
export function ensureScaleSet(root: string, files: number): void {
  const marker = path.join(root, '.complete');
  const stamp = `${files} v${GENERATOR_VERSION}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return;
  const rng = createRng(1);
  const png = new PNG({
    width: SIDE,
    height: SIDE,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  for (let i = 0; i < files; i++) {
    const dir = path.join(
      root,
      `class_${Math.floor(i / PER_DIR) % 10}`,
      `part_${Math.floor(i / (PER_DIR * 10))}`,
    );
    if (i % PER_DIR === 0) mkdirSync(dir, { recursive: true });
    renderScaleImage(rng, png.data);
    writeFileSync(
      path.join(dir, `${i}.png`),
      PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }),
    );
    if (i % 50000 === 0) log(`generating ${i}/${files}`);
  }
  writeFileSync(marker, stamp);
}
