import { sharp } from '../util/lazySharp';
import type { Preview, PreviewCell } from './buildPreview';
import { fittedSize, resizePixels } from './fitCell';
import { drawText, glyphAtlas } from './glyphAtlas';

export interface RenderOptions {
  /** Side of the square box each image is fitted into, in pixels. Default 256. */
  cellSize?: number;
}

const PAD = 6;
const HEADER = 26;
const CAPTION = 34;
const FONT = 12;
const BACKGROUND = 0x20;

/**
 * Draws a preview as one PNG: a header row ("original", "variant 1", ...), then one row per sampled file, each
 * cell captioned (class and file under the original, applied transforms and values under each variant).
 * Pixels and cached glyphs are blitted into one raw canvas, then one fast PNG encode (level 1, no adaptive
 * filtering: several times quicker than level 6, measured).
 */
export async function renderPreviewPng(preview: Preview, options: RenderOptions = {}): Promise<Buffer> {
  const cell = options.cellSize ?? 256;
  const columns = 1 + Math.max(0, ...preview.rows.map((r) => r.variants.length));
  const width = PAD + columns * (cell + PAD);
  const rowHeight = cell + CAPTION + PAD;
  const height = HEADER + preview.rows.length * rowHeight + PAD;
  const canvas = Buffer.alloc(width * height * 3, BACKGROUND);
  const [header, small] = await Promise.all([glyphAtlas(14), glyphAtlas(FONT)]);
  const charsPerCell = Math.floor(cell / small.advance);

  for (let c = 0; c < columns; c++) {
    const title = c === 0 ? 'original' : `variant ${c}`;
    const left = PAD + c * (cell + PAD) + Math.floor((cell - title.length * header.advance) / 2);
    drawText(canvas, width, header, title, left, 5, [224, 224, 224]);
  }
  const jobs: Promise<void>[] = [];
  preview.rows.forEach((row, r) => {
    const top = HEADER + r * rowHeight;
    [row.original, ...row.variants].forEach((item, c) => {
      const left = PAD + c * (cell + PAD);
      jobs.push(blitFitted(canvas, width, item, left, top, cell));
      const lines = wrap(
        row.error && c === 0 ? `${item.caption} — ${row.error}` : item.caption,
        charsPerCell,
        2,
      );
      const colour = c === 0 ? ([255, 212, 121] as const) : ([200, 200, 200] as const);
      lines.forEach((line, i) =>
        drawText(canvas, width, small, line, left, top + cell + 3 + i * (small.height - 1), colour),
      );
    });
  });
  await Promise.all(jobs);
  return sharp(canvas, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
}

/** Scales the cell to fit the box (sharp, nearest for small images so pixels stay visible) and copies it in. */
async function blitFitted(
  canvas: Buffer,
  canvasWidth: number,
  item: PreviewCell,
  left: number,
  top: number,
  box: number,
) {
  const { width: w, height: h, scale } = fittedSize(item.width, item.height, box);
  const pixels =
    w === item.width && h === item.height
      ? item.pixels
      : await resizePixels(item.pixels, item, { width: w, height: h, scale });
  const x0 = left + Math.floor((box - w) / 2);
  const y0 = top + Math.floor((box - h) / 2);
  const ch = item.channels;
  for (let y = 0; y < h; y++) {
    let o = ((y0 + y) * canvasWidth + x0) * 3;
    let i = y * w * ch;
    for (let x = 0; x < w; x++, o += 3, i += ch) {
      canvas[o] = pixels[i];
      canvas[o + 1] = pixels[ch === 3 ? i + 1 : i];
      canvas[o + 2] = pixels[ch === 3 ? i + 2 : i];
    }
  }
}

/** Greedy word wrap into at most `maxLines` lines, the last one ellipsised. */
export function wrap(content: string, width: number, maxLines: number): string[] {
  const words = content.split(/(?<=,) |(?<=·) | (?=·)/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => (l.length > width ? l.slice(0, width - 1) + '…' : l));
  if (lines.length > maxLines) {
    const last = kept[maxLines - 1];
    kept[maxLines - 1] = (last.length >= width ? last.slice(0, width - 1) : last) + '…';
  }
  return kept;
}
