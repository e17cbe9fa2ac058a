import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { decodeBmp } from '../../src/core/decode/bmp';
import { decodeImage } from '../../src/core/decode/decodeImage';
import { DecodeFailure } from '../../src/core/decode/decodedImage';
import { createRng } from '../../src/core/util/rng';
import { writeBmp, type BmpSpec } from './helpers/bmpWriter';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());
const rng = createRng(11);
const random = (n: number, max: number) => Array.from({ length: n }, () => rng.int(0, max));

/** Decodes `spec` and checks mode and every pixel against `expected` (per pixel: its channel values). */
function check(name: string, spec: BmpSpec, mode: string, expected: (i: number) => number[]): void {
  const image = decodeBmp(writeBmp(spec));
  assert.equal(image.format, 'bmp', name);
  assert.equal(image.mode, mode, name);
  assert.deepEqual([image.width, image.height], [spec.width, spec.height], name);
  const want: number[] = [];
  for (let i = 0; i < spec.width * spec.height; i++) want.push(...expected(i));
  assert.deepEqual(Array.from(image.data), want, name);
  assert.equal(image.stride, want.length / (spec.width * spec.height), name);
}

const five = (v: number) => Math.floor((v * 255) / 31);
const six = (v: number) => Math.floor((v * 255) / 63);

test('every common BMP variant decodes to the pixels it holds (as PIL reads them)', () => {
  const w = 5; // rows of 5 pixels need padding at every depth
  const h = 3;
  const n = w * h;
  const rgb = random(n, 0xffffff);
  const bgr = (v: number) => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  for (const topDown of [false, true])
    check(`24-bit topDown=${topDown}`, { width: w, height: h, bits: 24, pixels: rgb, topDown }, 'RGB', (i) =>
      bgr(rgb[i]),
    );
  check('OS/2 1.x header', { width: w, height: h, bits: 24, pixels: rgb, headerSize: 12 }, 'RGB', (i) =>
    bgr(rgb[i]),
  );

  // 32-bit without bit fields: the fourth byte is unused (PIL and Windows ignore it).
  const x32 = rgb.map((v, i) => v | ((i * 37) << 24));
  check('32-bit BI_RGB', { width: w, height: h, bits: 32, pixels: x32 }, 'RGB', (i) => bgr(rgb[i]));
  const argb = rgb.map((v, i) => (v | ((i * 17) << 24)) >>> 0);
  check(
    '32-bit V5 with alpha',
    {
      width: w,
      height: h,
      bits: 32,
      pixels: argb,
      headerSize: 124,
      masks: [0xff0000, 0xff00, 0xff, 0xff000000],
    },
    'RGBA',
    (i) => [...bgr(rgb[i]), (i * 17) & 0xff],
  );
  check(
    '32-bit bit fields after a 40-byte header (RGBX order)',
    { width: w, height: h, bits: 32, pixels: rgb, masks: [0xff, 0xff00, 0xff0000] },
    'RGB',
    (i) => [rgb[i] & 0xff, (rgb[i] >> 8) & 0xff, (rgb[i] >> 16) & 0xff],
  );

  const p16 = random(n, 0xffff);
  check('16-bit 5-5-5', { width: w, height: h, bits: 16, pixels: p16 }, 'RGB', (i) => [
    five((p16[i] >> 10) & 31),
    five((p16[i] >> 5) & 31),
    five(p16[i] & 31),
  ]);
  check(
    '16-bit 5-6-5 bit fields',
    { width: w, height: h, bits: 16, pixels: p16, masks: [0xf800, 0x7e0, 0x1f] },
    'RGB',
    (i) => [five(p16[i] >> 11), six((p16[i] >> 5) & 63), five(p16[i] & 31)],
  );

  const palette = Array.from({ length: 256 }, () => random(3, 255) as [number, number, number]);
  const idx8 = random(n, 255);
  check(
    '8-bit palette',
    { width: w, height: h, bits: 8, pixels: idx8, palette },
    'P',
    (i) => palette[idx8[i]],
  );
  const ramp = Array.from({ length: 256 }, (_, i) => [i, i, i] as [number, number, number]);
  check(
    '8-bit grey ramp is mode L',
    { width: w, height: h, bits: 8, pixels: idx8, palette: ramp },
    'L',
    (i) => [idx8[i]],
  );
  const idx4 = random(n, 15);
  check(
    '4-bit palette',
    { width: w, height: h, bits: 4, pixels: idx4, palette: palette.slice(0, 16) },
    'P',
    (i) => palette[idx4[i]],
  );
  const idx1 = random(n, 1);
  check(
    '1-bit black and white is mode L (PIL "1")',
    {
      width: w,
      height: h,
      bits: 1,
      pixels: idx1,
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    },
    'L',
    (i) => [idx1[i] * 255],
  );
  check(
    '1-bit two colours',
    { width: w, height: h, bits: 1, pixels: idx1, palette: palette.slice(0, 2) },
    'P',
    (i) => palette[idx1[i]],
  );
});

test('RLE8: runs, absolute runs (padded to 16 bits), deltas, ends of line and of bitmap', () => {
  const palette = Array.from({ length: 8 }, (_, i) => [i * 30, 255 - i * 30, i] as [number, number, number]);
  // Bottom row first. Row 0 (bottom): run of 3 x 1, absolute 2,3 (odd count 3: 4,5,6 + pad), end of line.
  // Row 1: delta (2 right, 0 up), run 2 x 7, a run past the row's end (dropped), end of line. Row 2: end of bitmap.
  const stream = [3, 1, 0, 3, 4, 5, 6, 0, 0, 0, 0, 2, 2, 0, 2, 7, 4, 3, 0, 0, 0, 1];
  const width = 6;
  const bottom = [1, 1, 1, 4, 5, 6];
  const middle = [0, 0, 7, 7, 3, 3];
  const top = [0, 0, 0, 0, 0, 0];
  const indices = [...top, ...middle, ...bottom];
  const image = decodeBmp(writeBmp({ width, height: 3, bits: 8, pixels: indices, palette, rle8: stream }));
  assert.equal(image.mode, 'P');
  assert.deepEqual(
    Array.from(image.data),
    indices.flatMap((i) => palette[i]),
  );
});

test('damaged or exotic bitmaps are a corrupt or unsupported issue with a reason, never garbage', () => {
  const good = writeBmp({ width: 4, height: 4, bits: 24, pixels: random(16, 0xffffff) });
  const fails = (buffer: Buffer, kind: string, message: RegExp) =>
    assert.throws(
      () => decodeBmp(buffer),
      (e: Error) => e instanceof DecodeFailure && e.kind === kind && message.test(e.message),
    );
  fails(good.subarray(0, good.length - 20), 'corrupt', /truncated/);
  fails(good.subarray(0, 20), 'corrupt', /too short/);
  const odd = Buffer.from(good);
  odd.writeUInt32LE(99, 14);
  fails(odd, 'unsupported', /header of 99 bytes/);
  const twoBit = Buffer.from(good);
  twoBit.writeUInt16LE(2, 28);
  fails(twoBit, 'unsupported', /2 bits per pixel/);
  // BITFIELDS with a 40-byte header but no masks before the pixels (ImageMagick's BMP3 writer does this).
  const noMasks = writeBmp({ width: 4, height: 4, bits: 16, pixels: random(16, 0xffff) });
  noMasks.writeUInt32LE(3, 30);
  fails(noMasks, 'corrupt', /masks missing/);
  const gappy = writeBmp({
    width: 4,
    height: 4,
    bits: 16,
    pixels: random(16, 0xffff),
    masks: [0xf00f, 0x7e0, 0x1f],
  });
  fails(gappy, 'unsupported', /contiguous/);
});

test('decodeImage reads a standard 24-bit BMP (the format was listed but refused)', async () => {
  const file = path.join(tmp.dir, 'paint.bmp');
  const pixels = random(12, 0xffffff);
  writeFileSync(file, writeBmp({ width: 4, height: 3, bits: 24, pixels }));
  const image = await decodeImage(file);
  assert.equal(image.format, 'bmp');
  assert.deepEqual(Array.from(image.data.subarray(0, 3)), [
    (pixels[0] >> 16) & 0xff,
    (pixels[0] >> 8) & 0xff,
    pixels[0] & 0xff,
  ]);
});

/** Files written by PIL and ImageMagick: each must decode to exactly PIL's pixels and mode. */
test('BMPs written by PIL and ImageMagick decode to the pixels and mode PIL gives', (t) => {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import PIL']).status !== 0) {
    t.skip('needs Debian python3-pil (.ci/run installs it)');
    return;
  }
  const dir = tmp.dir;
  const made = spawnSync(
    python,
    [
      '-c',
      `
import sys, numpy as np
from PIL import Image
d = sys.argv[1]
rng = np.random.default_rng(5)
rgb = Image.fromarray(rng.integers(0, 256, (23, 37, 3), dtype=np.uint8))
rgba = Image.fromarray(rng.integers(0, 256, (23, 37, 4), dtype=np.uint8), 'RGBA')
rgb.save(d + '/src.png'); rgba.save(d + '/src_rgba.png')
rgb.save(d + '/pil_RGB.bmp'); rgba.save(d + '/pil_RGBA.bmp')
rgb.convert('L').save(d + '/pil_L.bmp'); rgb.convert('1').save(d + '/pil_1.bmp')
rgb.convert('P', palette=Image.ADAPTIVE, colors=256).save(d + '/pil_P.bmp')
`,
      dir,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  const files = ['pil_RGB', 'pil_RGBA', 'pil_L', 'pil_1', 'pil_P'];
  const magick = spawnSync('convert', ['-version']).status === 0;
  if (magick) {
    const im = (args: string[], name: string) => {
      const out = (name.startsWith('v3') ? 'BMP3:' : 'BMP:') + path.join(dir, name + '.bmp');
      const r = spawnSync('convert', [...args, out]);
      assert.equal(r.status, 0, String(r.stderr));
      files.push(name);
    };
    const src = path.join(dir, 'src.png');
    const srcA = path.join(dir, 'src_rgba.png');
    im([src], 'v5_24');
    im([srcA], 'v5_32_alpha');
    im([src, '-define', 'bmp:subtype=RGB565'], 'v5_rgb565');
    im([src, '-define', 'bmp:subtype=RGB555'], 'v5_rgb555');
    im([srcA, '-define', 'bmp:subtype=ARGB8888'], 'v5_argb8888');
    im([src], 'v3_24');
    im([src, '-colors', '16', '-type', 'palette'], 'v3_pal4');
    im([src, '-colors', '200', '-type', 'palette', '-compress', 'none'], 'v3_pal8');
    im([src, '-colors', '200', '-type', 'palette', '-compress', 'RLE'], 'v3_rle8');
    im([src, '-monochrome'], 'v3_mono');
  } else t.diagnostic('ImageMagick (convert) not found: checked PIL-written files only');
  const reference = spawnSync(
    python,
    [
      '-c',
      `
import sys, json
from PIL import Image
out = {}
for name in sys.argv[2:]:
    im = Image.open(sys.argv[1] + '/' + name + '.bmp')
    open(sys.argv[1] + '/' + name + '.rgba', 'wb').write(im.convert('RGBA').tobytes())
    out[name] = im.mode
print(json.dumps(out))
`,
      dir,
      ...files,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(reference.status, 0, reference.stderr);
  const modes = JSON.parse(reference.stdout) as Record<string, string>;
  for (const name of files) {
    const image = decodeBmp(readFileSync(path.join(dir, name + '.bmp')));
    const pil = readFileSync(path.join(dir, name + '.rgba'));
    assert.equal(image.mode, modes[name] === '1' ? 'L' : modes[name], name);
    const ours = Buffer.alloc(image.width * image.height * 4);
    for (let p = 0; p < image.width * image.height; p++) {
      for (let c = 0; c < 3; c++)
        ours[p * 4 + c] = image.data[p * image.stride + (image.stride === 1 ? 0 : c)];
      ours[p * 4 + 3] = image.stride === 4 ? image.data[p * 4 + 3] : 255;
    }
    assert.ok(ours.equals(pil), `${name}: pixels differ from PIL's`);
  }
});
