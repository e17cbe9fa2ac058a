import sharp, { type Sharp } from 'sharp';
import { createRng, type Rng } from '../../../src/core/util/rng';
import { addNoise, between, paintShape, toBytes } from './paint';

export interface RawImage {
  width: number;
  height: number;
  /** Interleaved RGB bytes. */
  pixels: Buffer;
}

function randomColour(rng: Rng): number[] {
  return [between(rng, 10, 245), between(rng, 10, 245), between(rng, 10, 245)];
}

/** A "photo" of w x h: sky and ground gradients split by a soft horizon, shaded objects, sensor noise. */
export function renderScene(rng: Rng, w: number, h: number): RawImage {
  const buf = new Float32Array(w * h * 3);
  const [skyTop, skyLow, ground] = [randomColour(rng), randomColour(rng), randomColour(rng)];
  const horizon = h * between(rng, 0.35, 0.75);
  const slope = between(rng, -0.2, 0.2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = y / h;
      const g = Math.min(1, Math.max(0, (y - horizon - slope * (x - w / 2)) / 6 + 0.5));
      const p = (y * w + x) * 3;
      for (let c = 0; c < 3; c++)
        buf[p + c] = (skyTop[c] * (1 - t) + skyLow[c] * t) * (1 - g) + ground[c] * (0.7 + 0.3 * t) * g;
    }
  }
  const shapes = rng.int(3, 9);
  for (let s = 0; s < shapes; s++) {
    const r = Math.min(w, h) * between(rng, 0.05, 0.3);
    paintShape(buf, w, h, 3, {
      cx: between(rng, 0, w),
      cy: between(rng, 0, h),
      rx: r * between(rng, 0.5, 1.5),
      ry: r * between(rng, 0.5, 1.5),
      angle: between(rng, 0, Math.PI),
      colour: randomColour(rng),
      box: rng.next() < 0.4,
      shade: between(rng, -0.4, 0.4),
      opacity: between(rng, 0.6, 1),
      soft: between(rng, 1, 6),
    });
  }
  addNoise(buf, between(rng, 2, 7), rng);
  return { width: w, height: h, pixels: toBytes(buf) };
}

/** Photo `index`: 256..640 x 256..480 pixels. The same index always gives the same pixels. */
export function renderPhoto(index: number): RawImage {
  const rng = createRng(index * 2246822519 + 7);
  return renderScene(rng, rng.int(256, 640), rng.int(256, 480));
}

function toSharp(image: RawImage): Sharp {
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 3 } });
}

/** Writes photo `index` as a JPEG of quality 90. */
export async function writePhoto(file: string, index: number): Promise<void> {
  await toSharp(renderPhoto(index)).jpeg({ quality: 90 }).toFile(file);
}

/**
 * A 12-megapixel camera photo (4000x3000): a scene rendered at 1000x750 and scaled up; JPEG q90. For the
 * memory of large images (`--large`), not for speed: smoother than a real photo, so it decodes faster than one.
 */
export async function writeLargePhoto(file: string, index: number): Promise<void> {
  const rng = createRng(index * 3266489917 + 11);
  await toSharp(renderScene(rng, 1000, 750))
    .resize(4000, 3000, { kernel: 'lanczos3' })
    .jpeg({ quality: 90 })
    .toFile(file);
}
