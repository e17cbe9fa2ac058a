// Generates the bundled sample dataset deterministically (byte-identical on every run):
//   node scripts/make-sample.mjs [outDir]      (default: media/sample; the folder is deleted and recreated)
// Pictures are SVG shapes rasterised by sharp, with grain added in raw pixels from a seeded generator.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

const SEED = 20240611;
const CLASSES = ['circle', 'square', 'star', 'triangle'];
/** Image-extension files per split/class folder, planted problems included (bad files count too). */
const COUNTS = {
  train: { circle: 140, square: 70, star: 35, triangle: 12 },
  val: { circle: 15, square: 15, star: 15, triangle: 5 },
};
const COMMON_SIZES = [64, 96, 128];
const CONCURRENCY = 8;

/** Planted problems: every one is also listed in the generated README.md. */
const DUPLICATES = [
  { of: 'train/circle/circle_train_003', as: 'train/circle/circle_train_003_copy' },
  { of: 'train/square/square_train_010', as: 'train/square/square_train_010_copy' },
];
/** Copied into val under its train name, as happens when a file is copied across splits. */
const LEAK = { of: 'train/star/star_train_005', as: 'val/star/star_train_005' };
const BROKEN = {
  empty: 'train/circle/broken_empty.png',
  truncated: 'train/square/broken_truncated.jpg',
  text: 'val/star/broken_text.jpg',
};
const NON_IMAGE = 'train/circle/README.txt';
const HIDDEN = 'train/.DS_Store';
const GREY_EVERY = 37;
const RGBA_IMAGES = new Set(['train/star/star_train_007', 'val/circle/circle_val_003']);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'media', 'sample'));

// ---------------------------------------------------------------------------------------------------------------
// Randomness: one seeded generator per image, so each file depends only on its own name.

function hashSeed(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ SEED) | 0;
}

function randomFor(key) {
  const generator = xoroshiro128plus(hashSeed(key));
  const next = () => uniformFloat64(generator);
  return {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    pick: (items) => items[Math.floor(items.length * next())],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pictures

const f = (v) => v.toFixed(2);

function hslHex(h, s, l) {
  h = ((h % 360) + 360) % 360;
  const a = s * Math.min(l, 1 - l);
  const channel = (n) => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

function polygon(points) {
  return points.map(([x, y]) => `${f(x)},${f(y)}`).join(' ');
}

/** The shape centred on (0, 0) with outer radius r. */
function shapeElement(shape, r, rnd, attributes) {
  switch (shape) {
    case 'circle':
      return `<circle r="${f(r)}" ${attributes}/>`;
    case 'square': {
      const side = r * 1.45;
      return `<rect x="${f(-side / 2)}" y="${f(-side / 2)}" width="${f(side)}" height="${f(side)}" rx="${f(rnd.range(0, side * 0.12))}" ${attributes}/>`;
    }
    case 'star': {
      const inner = r * rnd.range(0.38, 0.5);
      const points = [];
      for (let i = 0; i < 10; i++) {
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        const radius = i % 2 === 0 ? r : inner;
        points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      return `<polygon points="${polygon(points)}" ${attributes}/>`;
    }
    case 'triangle': {
      const points = [0, 1, 2].map((i) => {
        const angle = -Math.PI / 2 + (i * 2 * Math.PI) / 3;
        return [r * Math.cos(angle), r * Math.sin(angle) * 1.05];
      });
      return `<polygon points="${polygon(points)}" ${attributes}/>`;
    }
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

function backgroundSvg(w, h, rnd) {
  const hue = rnd.range(0, 360);
  const light = rnd.chance(0.6);
  const l1 = light ? rnd.range(0.72, 0.9) : rnd.range(0.12, 0.3);
  const c1 = hslHex(hue, rnd.range(0.15, 0.55), l1);
  const c2 = hslHex(hue + rnd.range(-50, 50), rnd.range(0.15, 0.55), l1 + rnd.range(-0.1, 0.1));
  const angle = rnd.range(0, Math.PI);
  const [dx, dy] = [Math.cos(angle) / 2, Math.sin(angle) / 2];
  const defs = [
    `<linearGradient id="bg" x1="${f(0.5 - dx)}" y1="${f(0.5 - dy)}" x2="${f(0.5 + dx)}" y2="${f(0.5 + dy)}">` +
      `<stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></linearGradient>`,
  ];
  const body = [`<rect width="${w}" height="${h}" fill="url(#bg)"/>`];
  const ink = light ? '#000000' : '#ffffff';
  const texture = rnd.pick(['stripes', 'dots', 'checker', 'blobs', 'plain']);
  if (texture === 'stripes') {
    const step = rnd.range(5, 12);
    defs.push(
      `<pattern id="tx" width="${f(step)}" height="${f(step)}" patternUnits="userSpaceOnUse" patternTransform="rotate(${f(rnd.range(0, 180))})">` +
        `<rect width="${f(step / 2)}" height="${f(step)}" fill="${ink}"/></pattern>`,
    );
    body.push(`<rect width="${w}" height="${h}" fill="url(#tx)" opacity="${f(rnd.range(0.04, 0.1))}"/>`);
  } else if (texture === 'dots') {
    const step = rnd.range(6, 11);
    defs.push(
      `<pattern id="tx" width="${f(step)}" height="${f(step)}" patternUnits="userSpaceOnUse">` +
        `<circle cx="${f(step / 2)}" cy="${f(step / 2)}" r="${f(step * 0.22)}" fill="${ink}"/></pattern>`,
    );
    body.push(`<rect width="${w}" height="${h}" fill="url(#tx)" opacity="${f(rnd.range(0.05, 0.12))}"/>`);
  } else if (texture === 'checker') {
    const step = rnd.range(8, 16);
    defs.push(
      `<pattern id="tx" width="${f(2 * step)}" height="${f(2 * step)}" patternUnits="userSpaceOnUse">` +
        `<rect width="${f(step)}" height="${f(step)}" fill="${ink}"/><rect x="${f(step)}" y="${f(step)}" width="${f(step)}" height="${f(step)}" fill="${ink}"/></pattern>`,
    );
    body.push(`<rect width="${w}" height="${h}" fill="url(#tx)" opacity="${f(rnd.range(0.03, 0.07))}"/>`);
  } else if (texture === 'blobs') {
    defs.push(`<filter id="soft"><feGaussianBlur stdDeviation="${f(Math.min(w, h) / 12)}"/></filter>`);
    const blobs = [];
    for (let i = rnd.int(3, 6); i > 0; i--) {
      blobs.push(
        `<ellipse cx="${f(rnd.range(0, w))}" cy="${f(rnd.range(0, h))}" rx="${f(rnd.range(0.1, 0.3) * w)}" ry="${f(rnd.range(0.1, 0.3) * h)}" ` +
          `fill="${hslHex(hue + rnd.range(-90, 90), 0.5, light ? 0.6 : 0.45)}"/>`,
      );
    }
    body.push(`<g filter="url(#soft)" opacity="${f(rnd.range(0.25, 0.45))}">${blobs.join('')}</g>`);
  }
  return { defs, body, light };
}

function pictureSvg(spec, rnd) {
  const { width: w, height: h } = spec;
  const transparent = spec.mode === 'rgba';
  const bg = transparent ? { defs: [], body: [], light: rnd.chance(0.5) } : backgroundSvg(w, h, rnd);
  const r = Math.min(w, h) * rnd.range(0.24, 0.4);
  const margin = r * 0.85;
  const cx = rnd.range(Math.min(margin, w / 2), Math.max(w - margin, w / 2));
  const cy = rnd.range(Math.min(margin, h / 2), Math.max(h - margin, h / 2));
  const rotation = rnd.range(0, 360);
  const fill = hslHex(
    rnd.range(0, 360),
    rnd.range(0.5, 0.9),
    bg.light ? rnd.range(0.3, 0.5) : rnd.range(0.55, 0.72),
  );
  const stroke = rnd.chance(0.4)
    ? `stroke="${hslHex(rnd.range(0, 360), 0.3, bg.light ? 0.15 : 0.9)}" stroke-width="${f(rnd.range(1, 2.5))}" stroke-linejoin="round"`
    : '';
  const transform = `transform="translate(${f(cx)} ${f(cy)}) rotate(${f(rotation)})"`;
  const shadowOffset = r * 0.08;
  const parts = [];
  if (!transparent && rnd.chance(0.5)) {
    const shadowRnd = randomFor(`${spec.key}#shape`);
    parts.push(
      `<g transform="translate(${f(cx + shadowOffset)} ${f(cy + shadowOffset)}) rotate(${f(rotation)})" opacity="0.25" filter="url(#shadow)">` +
        shapeElement(spec.shape, r, shadowRnd, 'fill="#000000"') +
        '</g>',
    );
    bg.defs.push(`<filter id="shadow"><feGaussianBlur stdDeviation="${f(r * 0.08)}"/></filter>`);
  }
  parts.push(
    `<g ${transform}>${shapeElement(spec.shape, r, randomFor(`${spec.key}#shape`), `fill="${fill}" ${stroke}`)}</g>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs>${bg.defs.join('')}</defs>${bg.body.join('')}${parts.join('')}</svg>`
  );
}

/** Film-grain-like noise: triangular distribution, the same offset on every colour channel plus a little chroma. */
function addGrain(data, channels, amount, rnd) {
  const colour = channels === 4 ? 3 : channels;
  for (let p = 0; p < data.length; p += channels) {
    if (channels === 4 && data[p + 3] === 0) continue;
    const luma = (rnd.next() + rnd.next() - 1) * amount;
    for (let c = 0; c < colour; c++) {
      const v = data[p + c] + luma + (rnd.next() - 0.5) * amount * 0.3;
      data[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
}

async function renderImage(spec) {
  const rnd = randomFor(spec.key);
  const svg = pictureSvg(spec, rnd);
  const channels = spec.mode === 'rgba' ? 4 : 3;
  let pipeline = sharp(Buffer.from(svg), { density: 72 });
  if (channels === 3) pipeline = pipeline.removeAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== spec.width || info.height !== spec.height || info.channels !== channels) {
    throw new Error(
      `${spec.key}: rendered ${info.width}x${info.height}x${info.channels}, expected ${spec.width}x${spec.height}x${channels}`,
    );
  }
  addGrain(data, channels, spec.format === 'png' ? rnd.range(3, 6) : rnd.range(6, 12), rnd);
  const image = sharp(data, { raw: { width: info.width, height: info.height, channels } });
  if (spec.format === 'jpeg') return image.jpeg({ quality: 85 }).toBuffer();
  if (spec.format === 'webp') return image.webp({ quality: 80 }).toBuffer();
  if (spec.mode === 'grey') image.toColourspace('b-w');
  return image.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
}

// ---------------------------------------------------------------------------------------------------------------
// Plan

const EXTENSION = { png: '.png', jpeg: '.jpg', webp: '.webp' };

/** 40% a common square size, 30% another square size, 30% any rectangle: 48..128 px per side. */
function sizeFor(rnd) {
  const kind = rnd.next();
  if (kind < 0.4) return Array(2).fill(rnd.pick(COMMON_SIZES));
  if (kind < 0.7) return Array(2).fill(rnd.int(48, 128));
  return [rnd.int(48, 128), rnd.int(48, 128)];
}

function planImages() {
  const planted = new Set([...DUPLICATES.map((d) => d.as), LEAK.as, ...Object.values(BROKEN)]);
  const specs = [];
  for (const [split, perClass] of Object.entries(COUNTS)) {
    for (const shape of CLASSES) {
      const folder = `${split}/${shape}`;
      const plantedHere = [...planted].filter((p) => path.posix.dirname(p) === folder).length;
      for (let i = 1; i <= perClass[shape] - plantedHere; i++) {
        const key = `${folder}/${shape}_${split}_${String(i).padStart(3, '0')}`;
        const rnd = randomFor(`${key}#plan`);
        const [width, height] = sizeFor(rnd);
        const mode = RGBA_IMAGES.has(key) ? 'rgba' : (specs.length + 1) % GREY_EVERY === 0 ? 'grey' : 'rgb';
        const roll = rnd.next();
        const format = mode !== 'rgb' || roll < 0.62 ? 'png' : roll < 0.92 ? 'jpeg' : 'webp';
        specs.push({ key, split, shape, width, height, mode, format, file: key + EXTENSION[format] });
      }
    }
  }
  return specs;
}

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function readme(specs, byKey) {
  const count = (split, shape) => specs.filter((s) => s.split === split && s.shape === shape).length;
  const rows = CLASSES.map(
    (c) => `| ${c} | ${COUNTS.train[c]} | ${COUNTS.val[c]} | ${count('train', c)} + ${count('val', c)} |`,
  );
  const formats = {};
  for (const s of specs) formats[s.format] = (formats[s.format] ?? 0) + 1;
  const greys = specs.filter((s) => s.mode === 'grey').map((s) => s.file);
  const rgba = specs.filter((s) => s.mode === 'rgba').map((s) => s.file);
  return `# Dataset Lens sample

Generated by \`node scripts/make-sample.mjs\` (seeded, byte-identical on every run; do not edit by hand).
Synthetic pictures of four shapes on gradient/textured backgrounds with mild grain, ${Math.min(...specs.map((s) => s.width))}-${Math.max(...specs.map((s) => s.width))} px wide, some non-square.
Layout: \`train/<class>/*\` and \`val/<class>/*\`.

| class | train files | val files | generated pictures (train + val) |
| --- | --- | --- | --- |
${rows.join('\n')}

File counts include the planted files below. Generated pictures: ${specs.length} (${Object.entries(formats)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')}).

Planted problems:

- Imbalance: train ratio ${(COUNTS.train.circle / COUNTS.train.triangle).toFixed(1)}:1 (circle vs triangle); \`triangle\` is a tiny class (${COUNTS.train.triangle} in train).
- Split mismatch: val is nearly balanced and has only ${COUNTS.val.triangle} \`triangle\` images.
- Undecodable files: \`${BROKEN.empty}\` (0 bytes), \`${BROKEN.truncated}\` (first half of a JPEG), \`${BROKEN.text}\` (text with a .jpg name).
- Not images: \`${NON_IMAGE}\` (non-image file) and \`${HIDDEN}\` (hidden file).
- Exact duplicates: ${DUPLICATES.map((d) => `\`${byKey(d.as)}\` = \`${byKey(d.of)}\``).join(', ')}.
- Train/val leakage: \`${byKey(LEAK.as)}\` is a copy of \`${byKey(LEAK.of)}\`.
- Grey (1-channel PNG): ${greys.map((g) => `\`${g}\``).join(', ')}.
- RGBA PNG: ${rgba.map((g) => `\`${g}\``).join(', ')}.
`;
}

// ---------------------------------------------------------------------------------------------------------------

/** What a previous run leaves in the output folder: anything else means the folder is not ours to delete. */
const OUTPUT_ENTRIES = new Set(['README.md', ...Object.keys(COUNTS)]);

async function assertSafeToReplace(dir, cwd) {
  const inside = (a, b) => (a + path.sep).startsWith(b + path.sep);
  if (dir === path.parse(dir).root || inside(cwd, dir) || inside(repoRoot, dir)) {
    throw new Error(`Refusing to delete ${dir}: it contains the working directory or the repository`);
  }
  let entries;
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  const foreign = entries.filter((name) => !OUTPUT_ENTRIES.has(name));
  if (foreign.length) {
    throw new Error(
      `Refusing to delete ${dir}: it does not look like a generated sample (unexpected: ${foreign.slice(0, 5).join(', ')})`,
    );
  }
}

async function main() {
  const cwd = process.cwd();
  await assertSafeToReplace(outDir, cwd);
  await rm(outDir, { recursive: true, force: true });
  for (const split of Object.keys(COUNTS)) {
    for (const shape of CLASSES) await mkdir(path.join(outDir, split, shape), { recursive: true });
  }
  let bytes = 0;
  const write = (file, data) => {
    bytes += Buffer.byteLength(data);
    return writeFile(path.join(outDir, ...file.split('/')), data);
  };

  const specs = planImages();
  const fileOf = new Map(specs.map((s) => [s.key, s.file]));
  const byKey = (key) => {
    const source = fileOf.get(key) ?? fileOf.get(DUPLICATES.concat(LEAK).find((d) => d.as === key)?.of);
    if (!source) throw new Error(`no generated image for ${key}`);
    return key + path.posix.extname(source);
  };
  await mapLimit(specs, CONCURRENCY, async (spec) => write(spec.file, await renderImage(spec)));

  for (const copy of [...DUPLICATES, LEAK]) {
    await write(byKey(copy.as), await readFile(path.join(outDir, ...byKey(copy.of).split('/'))));
  }
  const jpeg = await renderImage({
    key: 'broken#truncated',
    shape: 'square',
    width: 96,
    height: 96,
    mode: 'rgb',
    format: 'jpeg',
  });
  await write(BROKEN.truncated, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await write(BROKEN.empty, Buffer.alloc(0));
  await write(BROKEN.text, 'This is not a JPEG: it is a text file that was saved with a .jpg extension.\n');
  await write(
    NON_IMAGE,
    'Shapes exported from the labelling tool. Not an image: tools should skip this file.\n',
  );
  await write(HIDDEN, Buffer.from('\0\0\0\x01Bud1\0\0\x10\0\0\0\x08\0\0\0\x10\0\0\0\0\x0b', 'latin1'));
  await write('README.md', readme(specs, byKey));

  const splitTotals = Object.entries(COUNTS).map(
    ([split, c]) => `${split} ${Object.values(c).reduce((a, b) => a + b, 0)}`,
  );
  const candidates = specs.length + DUPLICATES.length + 1 + Object.keys(BROKEN).length;
  console.log(
    `make-sample: ${candidates} image files (${specs.length} generated, ${DUPLICATES.length} duplicates, 1 leak, ` +
      `${Object.keys(BROKEN).length} broken; ${splitTotals.join(', ')}) + 2 non-image files in ` +
      `${path.relative(cwd, outDir) || '.'}, ${(bytes / 1024 / 1024).toFixed(2)} MB`,
  );
}

try {
  await main();
} catch (error) {
  console.error(`make-sample: ${error.message}`);
  process.exitCode = 1;
}
