import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
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

/**
 * The same glyphs with labels that mean nothing: each drawn image is moved to a class folder drawn at random
 * (seeded), as `<glyph>_<n>.png`. No classifier can tell these classes apart.
 */
export async function writeShuffledGlyphDataset(
  root: string,
  glyphs: Record<string, string>,
  perClass: number,
  seed: number,
): Promise<void> {
  const drawn = `${root}.drawn`;
  await writeGlyphDataset(drawn, glyphs, perClass, seed);
  const classes = Object.keys(glyphs);
  for (const name of classes) mkdirSync(path.join(root, name), { recursive: true });
  const rng = createRng(seed);
  for (const glyph of classes)
    for (const file of readdirSync(path.join(drawn, glyph)).sort())
      renameSync(
        path.join(drawn, glyph, file),
        path.join(root, classes[rng.int(0, classes.length - 1)], `${glyph}_${file}`),
      );
  rmSync(drawn, { recursive: true, force: true });
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

/**
 * Garment-like silhouettes in a 28x28 box centred on (14, 14), filled and drawn large (Fashion-MNIST scales each
 * item to fill the frame), each its own left-right mirror image up to the jitter.
 */
export const GARMENT_SHAPES: Record<string, string> = {
  shirt: '<path d="M9 5 L19 5 L25 10 L22 13 L20 11 L20 24 L8 24 L8 11 L6 13 L3 10 Z"/>',
  trouser: '<path d="M8 4 L20 4 L21 24 L16 24 L14 11 L12 24 L7 24 Z"/>',
  bag: '<path d="M5 10 L23 10 L23 24 L5 24 Z M10 10 C10 4 18 4 18 10" />',
  dress: '<path d="M11 4 L17 4 L18 11 L23 24 L5 24 L10 11 Z"/>',
};

/**
 * Writes `perClass` jittered silhouettes of each shape, filled with a seeded grey shading (fabric is not flat),
 * as 28x28 grey PNGs in root/<class>/.
 */
export async function writeSilhouetteDataset(
  root: string,
  shapes: Record<string, string>,
  perClass: number,
  seed: number,
): Promise<void> {
  const rng = createRng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  for (const [name, shape] of Object.entries(shapes)) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const move = `translate(${14 + u(-1.5, 1.5)} ${14 + u(-1.5, 1.5)}) scale(${u(1.15, 1.3)}) translate(-14 -14)`;
      const [top, bottom] = [Math.round(u(120, 250)), Math.round(u(90, 220))];
      const svg =
        `<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 28 28">` +
        `<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="rgb(${top},${top},${top})"/>` +
        `<stop offset="1" stop-color="rgb(${bottom},${bottom},${bottom})"/></linearGradient></defs>` +
        `<rect width="28" height="28" fill="black"/>` +
        `<g transform="${move}" fill="url(#g)" stroke="none">${shape}</g></svg>`;
      await sharp(Buffer.from(svg))
        .resize(28, 28)
        .toColourspace('b-w')
        .png({ compressionLevel: 1 })
        .toFile(path.join(root, name, `${String(i).padStart(3, '0')}.png`));
    }
  }
}

/**
 * Shapes that differ only in outline, anywhere in the frame, on striped backgrounds of any hue and angle: what a
 * class is does not sit at a fixed place, nor in the colours or the edge directions of the whole image (the
 * stripes outweigh the shape's edges). A pooled-histogram model cannot learn it; a pretrained network can.
 * 64x64 RGB PNGs in root/<class>/.
 */
export async function writeScatteredShapeDataset(
  root: string,
  perClass: number,
  seed: number,
): Promise<void> {
  const rng = createRng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const shapes: Record<string, (r: number) => string> = {
    circle: (r) => `<circle r="${r}"/>`,
    square: (r) => `<rect x="${-r * 0.8}" y="${-r * 0.8}" width="${r * 1.6}" height="${r * 1.6}"/>`,
    triangle: (r) => `<polygon points="0,${-r} ${r * 0.87},${r * 0.5} ${-r * 0.87},${r * 0.5}"/>`,
  };
  for (const [name, shape] of Object.entries(shapes)) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const r = u(9, 14);
      const [x, y] = [u(r + 2, 62 - r), u(r + 2, 62 - r)];
      const hue = Math.round(u(0, 360));
      const step = u(4, 8);
      const svg =
        `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><defs>` +
        `<pattern id="s" width="${step}" height="${step}" patternUnits="userSpaceOnUse" patternTransform="rotate(${u(0, 180)})">` +
        `<rect width="${step / 2}" height="${step}" fill="hsl(${(hue + 40) % 360},50%,30%)"/></pattern></defs>` +
        `<rect width="64" height="64" fill="hsl(${hue},40%,70%)"/><rect width="64" height="64" fill="url(#s)" opacity="0.8"/>` +
        `<g transform="translate(${x} ${y}) rotate(${u(-20, 20)})" fill="hsl(${(hue + 180) % 360},70%,${Math.round(u(25, 60))}%)">${shape(r)}</g></svg>`;
      await sharp(Buffer.from(svg))
        .png()
        .toFile(path.join(root, name, `${i}.png`));
    }
  }
}
