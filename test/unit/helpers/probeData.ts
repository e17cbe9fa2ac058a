import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { createRng, type Rng } from '../../../src/core/util/rng';

/**
 * Generated datasets where the right answer is known, for the label-safety probe: 28x28 grey glyphs drawn as SVG
 * paths with seeded jitter (shift, small turn, scale, stroke width), written as PNGs in root/<class>/.
 */

/** Glyph paths in a 28x28 box centred on (14, 14). The 9 is the 6 turned 180° about the centre, point by point. */
export const DIGIT_GLYPHS: Record<string, string> = {
  '0': '<ellipse cx="14" cy="14" rx="5" ry="8"/>',
  '1': '<path d="M14 5 L14 23"/>',
  '6': '<circle cx="14" cy="18" r="4.5"/><path d="M9.5 18 C9.5 10 12 6 18 5"/>',
  '7': '<path d="M8 6 L20 6 L12 23"/>',
  '9': '<circle cx="14" cy="10" r="4.5"/><path d="M18.5 10 C18.5 18 16 22 10 23"/>',
};

/** Shapes that are their own left-right mirror image. */
export const SYMMETRIC_SHAPES: Record<string, string> = {
  circle: '<circle cx="14" cy="14" r="7"/>',
  square: '<rect x="8" y="8" width="12" height="12"/>',
  plus: '<path d="M14 6 L14 22 M6 14 L22 14"/>',
  diamond: '<path d="M14 6 L22 14 L14 22 L6 14 Z"/>',
};

/** Writes `perClass` jittered renderings of each glyph; the jitter is symmetric, so a mirrored set has the same law. */
export async function writeGlyphDataset(
  root: string,
  glyphs: Record<string, string>,
  perClass: number,
  seed: number,
): Promise<void> {
  const rng = createRng(seed);
  for (const [name, shape] of Object.entries(glyphs)) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const svg = glyphSvg(shape, rng);
      await sharp(Buffer.from(svg))
        .resize(28, 28)
        .toColourspace('b-w')
        .png({ compressionLevel: 1 })
        .toFile(path.join(root, name, `${String(i).padStart(3, '0')}.png`));
    }
  }
}

function glyphSvg(shape: string, rng: Rng): string {
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const dx = u(-2, 2);
  const dy = u(-2, 2);
  const turn = u(-8, 8);
  const scale = u(0.88, 1.12);
  const width = u(2, 3);
  const move = `translate(${14 + dx} ${14 + dy}) rotate(${turn}) scale(${scale}) translate(-14 -14)`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 28 28">` +
    `<rect width="28" height="28" fill="black"/>` +
    `<g transform="${move}" fill="none" stroke="white" stroke-width="${width}" stroke-linecap="round">${shape}</g>` +
    `</svg>`
  );
}

/** Classes of pure noise: nothing to learn, so a probe model must say it cannot judge. */
export async function writeNoiseDataset(root: string, classes: string[], perClass: number, seed: number) {
  const rng = createRng(seed);
  for (const name of classes) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const data = Buffer.alloc(16 * 16 * 3);
      for (let j = 0; j < data.length; j++) data[j] = rng.int(0, 255);
      await sharp(data, { raw: { width: 16, height: 16, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toFile(path.join(root, name, `${i}.png`));
    }
  }
}

/** Colour-defined classes: the same round fruit in three hues on a grey background, as 96x96 JPEGs. */
export async function writeAppleDataset(root: string, perClass: number, seed: number): Promise<void> {
  const rng = createRng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const hues: Record<string, number> = { green_apple: 115, red_apple: 0, yellow_apple: 55 };
  for (const [name, hue] of Object.entries(hues)) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const bg = Math.round(u(150, 230));
      const fruit = `hsl(${hue + u(-8, 8)},${Math.round(u(65, 90))}%,${Math.round(u(40, 55))}%)`;
      const svg =
        `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96">` +
        `<rect width="96" height="96" fill="rgb(${bg},${bg},${bg - 10})"/>` +
        `<circle cx="${48 + u(-10, 10)}" cy="${48 + u(-10, 10)}" r="${u(22, 32)}" fill="${fruit}"/>` +
        `<path d="M48 20 l4 -10" stroke="rgb(90,60,30)" stroke-width="4"/></svg>`;
      await sharp(Buffer.from(svg))
        .jpeg({ quality: 90 })
        .toFile(path.join(root, name, `${i}.jpg`));
    }
  }
}
