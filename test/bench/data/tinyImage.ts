import sharp from 'sharp';
import { createRng } from '../../../src/core/util/rng';
import { addNoise, between, paintShape, toBytes } from './paint';

export const TINY_SIZE = 28;

/** Silhouettes per class [box?, cx, cy, rx, ry] on a 28x28 canvas: classes differ, as Fashion-MNIST's do. */
const TINY_PARTS: readonly (readonly [number, number, number, number, number][])[] = [
  [
    [1, 14, 15, 7, 9],
    [1, 6, 9, 3, 4],
    [1, 22, 9, 3, 4],
  ], // t-shirt
  [
    [1, 11, 14, 3, 11],
    [1, 17, 14, 3, 11],
  ], // trousers
  [
    [0, 14, 14, 9, 10],
    [1, 14, 17, 8, 7],
  ], // pullover
  [[0, 14, 15, 6, 12]], // dress
  [[1, 14, 14, 8, 12]], // coat
  [
    [1, 14, 17, 11, 1.5],
    [1, 14, 21, 10, 1.5],
    [1, 10, 14, 1.5, 5],
  ], // sandal
  [
    [1, 14, 15, 8, 10],
    [0, 14, 6, 4, 2],
  ], // shirt
  [[0, 14, 18, 12, 5]], // sneaker
  [
    [1, 14, 17, 10, 8],
    [0, 14, 8, 6, 4],
  ], // bag
  [
    [1, 10, 12, 5, 9],
    [1, 16, 19, 9, 4],
  ], // ankle boot
];

export const TINY_CLASSES = TINY_PARTS.length;

/**
 * The grey pixels (28x28, one byte each) of image `index` of class `cls`: a dark background, a shaded silhouette
 * with a fabric texture, as Fashion-MNIST's. The same index always gives the same pixels.
 */
export function renderTiny(index: number, cls: number): Buffer {
  const rng = createRng(index * 2654435761 + 1);
  const buf = new Float32Array(TINY_SIZE * TINY_SIZE);
  const coverage = new Float32Array(TINY_SIZE * TINY_SIZE);
  const level = between(rng, 70, 235);
  const scale = between(rng, 0.85, 1.1);
  const tilt = between(rng, -0.15, 0.15);
  const shiftX = between(rng, -1.5, 1.5);
  const shiftY = between(rng, -1.5, 1.5);
  for (const [box, cx, cy, rx, ry] of TINY_PARTS[cls % TINY_CLASSES]) {
    paintShape(
      buf,
      TINY_SIZE,
      TINY_SIZE,
      1,
      {
        cx: 14 + (cx - 14) * scale + shiftX,
        cy: 14 + (cy - 14) * scale + shiftY,
        rx: rx * scale,
        ry: ry * scale,
        angle: tilt,
        colour: [level * between(rng, 0.8, 1.05)],
        box: box === 1,
        shade: between(rng, -0.3, 0.3),
        soft: 1,
      },
      coverage,
    );
  }
  addNoise(buf, between(rng, 8, 20), rng, coverage); // fabric texture, on the object only
  return toBytes(buf);
}

/** Writes image `index` as a 1-channel (colour type 0) PNG, as Fashion-MNIST exports are. */
export async function writeTiny(file: string, index: number, cls: number): Promise<void> {
  await sharp(renderTiny(index, cls), { raw: { width: TINY_SIZE, height: TINY_SIZE, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(file);
}
