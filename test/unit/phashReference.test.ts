import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { analyzeBatch } from '../../src/core/engine/analyzeFile';
import { createRng, tempDir } from './helpers/images';

const python = '/usr/bin/python3';
const reference = path.join(__dirname, '..', 'reference', 'imagehash_phash.py');
const tmp = tempDir();
after(() => tmp.cleanup());

/** Rectangles and discs of random colours on a gradient, plus noise: edges and smooth areas at every scale. */
function scene(seed: number, width: number, height: number, channels: 1 | 2 | 3 | 4): Buffer {
  const rng = createRng(seed);
  const shapes = Array.from({ length: 8 }, () => ({
    x: rng.int(0, width - 1),
    y: rng.int(0, height - 1),
    r: rng.int(1, Math.max(2, Math.floor(Math.max(width, height) / 3))),
    disc: rng.int(0, 1) === 1,
    colour: [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)],
  }));
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = [(x * 255) / width, (y * 255) / height, 128, 255];
      for (const s of shapes) {
        const inside = s.disc
          ? (x - s.x) ** 2 + (y - s.y) ** 2 < s.r * s.r
          : Math.abs(x - s.x) < s.r && Math.abs(y - s.y) < s.r / 2;
        if (inside) for (let c = 0; c < 4; c++) px[c] = s.colour[c];
      }
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(px[c] + rng.int(-6, 6))));
    }
  }
  return data;
}

type Maker = (width: number, height: number, seed: number) => Sharp;
const raw = (data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4) =>
  sharp(data, { raw: { width, height, channels } });

/** One writer per kind of PNG PIL opens in a different mode (RGB, RGBA, L, LA, P, P with transparency, 1). */
const MODES: Record<string, Maker> = {
  rgb: (w, h, s) => raw(scene(s, w, h, 3), w, h, 3).png(),
  rgba: (w, h, s) => raw(scene(s, w, h, 4), w, h, 4).png(),
  grey: (w, h, s) =>
    raw(scene(s, w, h, 1), w, h, 1)
      .toColourspace('b-w')
      .png(),
  greyAlpha: (w, h, s) =>
    raw(scene(s, w, h, 2), w, h, 2)
      .toColourspace('b-w')
      .png(),
  palette: (w, h, s) => raw(scene(s, w, h, 3), w, h, 3).png({ palette: true }),
  paletteAlpha: (w, h, s) => raw(scene(s, w, h, 4), w, h, 4).png({ palette: true }),
  oneBit: (w, h, s) =>
    raw(scene(s, w, h, 1), w, h, 1)
      .toColourspace('b-w')
      .png({ palette: true, colours: 2 }),
};

/** Sizes around 32 on either side, odd, thin, tiny and photo-sized: every branch of the resize. */
const SIZES = [
  [28, 28],
  [32, 32],
  [31, 33],
  [32, 200],
  [96, 64],
  [1, 1],
  [2, 3],
  [6, 9],
  [17, 25],
  [1001, 13],
  [13, 700],
  [640, 480],
];

/** Images whose DCT has exact zeros and exact ties: flat, striped, mirror-symmetric. */
function structured(): [string, Sharp][] {
  const out: [string, Sharp][] = [];
  for (const v of [0, 1, 128, 255])
    out.push([
      `flat${v}`,
      raw(Buffer.alloc(40 * 30, v), 40, 30, 1)
        .toColourspace('b-w')
        .png(),
    ]);
  const stripes = (vertical: boolean) => {
    const d = Buffer.alloc(60 * 45);
    for (let k = 0; k < d.length; k++) d[k] = (((vertical ? k % 60 : Math.floor(k / 60)) * 37) % 251) & 255;
    return raw(d, 60, 45, 1).toColourspace('b-w').png();
  };
  out.push(['stripesV', stripes(true)], ['stripesH', stripes(false)]);
  const half = scene(77, 35, 70, 3);
  const mirrored = Buffer.alloc(70 * 70 * 3);
  for (let y = 0; y < 70; y++)
    for (let x = 0; x < 70; x++)
      for (let c = 0; c < 3; c++)
        mirrored[(y * 70 + x) * 3 + c] = half[(y * 35 + (x < 35 ? x : 69 - x)) * 3 + c];
  out.push(['mirrorLR', raw(mirrored, 70, 70, 3).png()]);
  // Two rows (or columns) stretched to 32: each column is antisymmetric about a constant, so scipy's even
  // vertical frequencies are exact zeros and the median is 0.
  const two = scene(78, 50, 2, 1);
  out.push(['tworows', raw(two, 50, 2, 1).toColourspace('b-w').png()]);
  out.push(['twocolumns', raw(two, 2, 50, 1).toColourspace('b-w').png()]);
  out.push(['mirrorTB', raw(mirrored, 70, 70, 3).rotate(90).png()]);
  return out;
}

const files: string[] = [];

before(async () => {
  const dir = path.join(tmp.dir, 'png');
  mkdirSync(dir);
  let seed = 1;
  for (const [mode, make] of Object.entries(MODES)) {
    for (const [w, h] of SIZES) {
      const file = path.join(dir, `${mode}-${w}x${h}.png`);
      await make(w, h, seed++).toFile(file);
      files.push(file);
    }
  }
  for (const [name, image] of structured()) {
    const file = path.join(dir, `${name}.png`);
    await image.toFile(file);
    files.push(file);
  }
});

test('the perceptual hash is bit-for-bit imagehash.phash (PIL + scipy) on PNGs of every PIL mode and size', async (t) => {
  const probe = spawnSync(python, ['-c', 'import numpy, scipy.fftpack, PIL'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('needs Debian python3-numpy, python3-scipy and python3-pil');
    return;
  }
  const run = spawnSync(python, [reference, ...files], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const expected = new Map(
    run.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [hash, file] = [line.slice(0, 16), line.slice(17)];
        return [file, hash];
      }),
  );
  const results = await analyzeBatch(
    files.map((open) => ({ file: open, open, size: -1 })),
    {},
  );
  const wrong: string[] = [];
  for (const r of results) {
    assert.ok(r.ok, `${r.file}: ${r.ok ? '' : r.message}`);
    if (r.phash !== expected.get(r.file))
      wrong.push(`${path.basename(r.file)}: ${r.phash} vs ${expected.get(r.file)}`);
  }
  assert.deepEqual(wrong, [], `${wrong.length} of ${files.length} differ`);
});
