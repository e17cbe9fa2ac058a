import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeSmallPng } from '../../src/core/export/smallPng';
import type { PreviewCell, PreviewRow } from '../../src/core/preview/buildPreview';
import { previewRowViews } from '../../src/extension/jobs/previewPictures';

function cell(width: number, height: number, channels: 1 | 3, seed: number): PreviewCell {
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + seed * 101) & 255;
  return { width, height, channels, pixels, caption: `cell ${seed}`, applied: [], steps: [] };
}

/** The data URL's pixels, as many channels as the PNG holds (its IHDR colour type: 0 grey, 2 RGB). */
async function decoded(src: string) {
  const [, kind, base64] = /^data:image\/(png|jpeg);base64,(.*)$/.exec(src)!;
  const file = Buffer.from(base64, 'base64');
  const grey = kind === 'png' && file[25] === 0;
  const { data, info } = await sharp(file)
    .toColourspace(grey ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { kind, data, info };
}

test('a preview cell that fits its box goes as a PNG of exactly its pixels, grey or colour, written in the job thread', async () => {
  for (const [width, height, channels] of [
    [28, 28, 1],
    [32, 32, 3],
    [1, 1, 1],
    [96, 40, 3],
    [7, 150, 1],
  ] as const) {
    const original = cell(width, height, channels, width + height);
    const variant = cell(width, height, channels, width * 3 + channels);
    const row: PreviewRow = { className: 'c', file: 'c/a.png', original, variants: [variant] } as PreviewRow;
    const [view] = await previewRowViews([row], 160);
    for (const [sent, made] of [
      [view.original!, original],
      [view.variants[0], variant],
    ] as const) {
      const { kind, data, info } = await decoded(sent.src);
      assert.equal(kind, 'png', `${width}x${height}x${channels}`);
      assert.deepEqual([info.width, info.height, info.channels], [width, height, channels]);
      assert.deepEqual([sent.width, sent.height], [width, height]);
      assert.ok(Buffer.from(made.pixels).equals(data), `${width}x${height}x${channels}: pixels differ`);
      // Encoded in the job's thread by the exporter's small-PNG writer, not by a sharp call per cell.
      assert.equal(
        sent.src.slice('data:image/png;base64,'.length),
        encodeSmallPng(made.pixels, made)!.toString('base64'),
      );
    }
  }
});

test('a cell larger than its box is shrunk to fit; a large colour cell goes as JPEG', async () => {
  const grey = cell(400, 200, 1, 1);
  const colour = cell(300, 300, 3, 2);
  const row = { className: 'c', file: 'c/b.png', original: grey, variants: [colour] } as PreviewRow;
  const [view] = await previewRowViews([row], 160);
  const a = await decoded(view.original!.src);
  assert.deepEqual([a.kind, a.info.width, a.info.height], ['png', 160, 80]);
  const b = await decoded(view.variants[0].src);
  assert.deepEqual([b.kind, b.info.width, b.info.height], ['jpeg', 160, 160]);
});
