import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createRng } from '../../../src/core/util/rng';
import { GENERATOR_VERSION } from './generatedSet';

export const AUGMENT_CLASSES = ['apple', 'bird', 'car', 'dog'] as const;
export const AUGMENT_SIZE = 256;

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/**
 * Source `index` of the augmentation bench: 256x256 RGB, a gradient with a disc of the inverse colour and
 * per-pixel noise, so the encoders do realistic work. The same index always gives the same pixels.
 */
export function renderAugmentSource(index: number): Buffer {
  const rng = createRng(index * 2654435761 + 12345);
  const size = AUGMENT_SIZE;
  const data = Buffer.alloc(size * size * 3);
  const [r0, g0, b0] = [rng.next() * 255, rng.next() * 255, rng.next() * 255];
  const cx = rng.next() * size;
  const cy = rng.next() * size;
  const radius = 30 + rng.next() * 70;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const noise = (rng.next() - 0.5) * 24;
      data[o] = clampByte((inside ? 255 - r0 : r0) * (0.6 + (0.4 * x) / size) + noise);
      data[o + 1] = clampByte((inside ? 255 - g0 : g0) * (0.6 + (0.4 * y) / size) + noise);
      data[o + 2] = clampByte((inside ? b0 : 255 - b0) + noise);
    }
  }
  return data;
}

/** `<parent>/photos-<count>-v<generator>/<class>/<class>_NNNNN.jpg` (JPEG q90), generated once. */
export async function ensureAugmentSources(parent: string, count: number): Promise<string> {
  const root = path.join(parent, `photos-${count}-v${GENERATOR_VERSION}`);
  const complete = path.join(root, '.complete');
  if (existsSync(complete)) return root;
  rmSync(root, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const cls = AUGMENT_CLASSES[i % AUGMENT_CLASSES.length];
    const file = path.join(root, cls, `${cls}_${String(i).padStart(5, '0')}.jpg`);
    mkdirSync(path.dirname(file), { recursive: true });
    await sharp(renderAugmentSource(i), { raw: { width: AUGMENT_SIZE, height: AUGMENT_SIZE, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(file);
  }
  writeFileSync(complete, '');
  return root;
}
