import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { createRng, type Rng } from '../../../src/core/util/rng';

/** Raw 8-bit pixels we wrote ourselves: the independent reference the engine is checked against. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

export function tempDir(prefix = 'dataset-lens-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function randomImage(
  rng: Rng,
  width: number,
  height: number,
  channels: RawImage['channels'],
): RawImage {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(0, 255);
  return { width, height, channels, data };
}

/** Writes a lossless PNG holding exactly `image`'s pixels (1 channel stays 1 channel). */
export async function writePng(file: string, image: RawImage): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  let pipeline = sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  if (image.channels <= 2) pipeline = pipeline.toColourspace('b-w');
  await pipeline.png({ compressionLevel: 1 }).toFile(file);
}

/** Naive float64 two-pass mean/std over every pixel, colour channels only, 0..1 scale. */
export function referenceStats(
  images: RawImage[],
  outChannels: 1 | 3,
): { mean: number[]; std: number[]; histogram: number[][] } {
  const sums = new Array(outChannels).fill(0);
  const histogram = Array.from({ length: outChannels }, () => new Array(256).fill(0));
  let n = 0;
  const pixelValue = (img: RawImage, p: number, c: number) => {
    const colour = img.channels <= 2 ? 1 : 3;
    return img.data[p * img.channels + (colour === 1 ? 0 : c)];
  };
  for (const img of images) {
    for (let p = 0; p < img.width * img.height; p++) {
      for (let c = 0; c < outChannels; c++) {
        const v = pixelValue(img, p, c);
        sums[c] += v;
        histogram[c][v]++;
      }
      n++;
    }
  }
  const mean = sums.map((s) => s / n);
  const squares = new Array(outChannels).fill(0);
  for (const img of images) {
    for (let p = 0; p < img.width * img.height; p++) {
      for (let c = 0; c < outChannels; c++) squares[c] += (pixelValue(img, p, c) - mean[c]) ** 2;
    }
  }
  return { mean: mean.map((m) => m / 255), std: squares.map((s) => Math.sqrt(s / n) / 255), histogram };
}

export { createRng };
