import { escapeXml } from '../util/escapeXml';
import { sharp } from '../util/lazySharp';

/** Characters captions use; anything else is drawn as '?'. */
const CHARS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '°·…×σ—';

export interface GlyphAtlas {
  /** Advance of every glyph (monospace), in pixels. */
  advance: number;
  height: number;
  /** Coverage 0..255, one row of glyph cells: glyph i spans x in [i * advance, (i + 1) * advance). */
  coverage: Uint8Array;
  width: number;
  index: Map<string, number>;
}

const atlases = new Map<number, Promise<GlyphAtlas>>();

/**
 * A monospace glyph strip rendered once per font size with sharp (SVG text via pango) and reused: rasterising a
 * whole-grid SVG overlay took most of the preview's budget (measured); blitting cached glyphs is cheap.
 */
export function glyphAtlas(fontSize: number): Promise<GlyphAtlas> {
  let atlas = atlases.get(fontSize);
  if (!atlas) {
    atlas = renderAtlas(fontSize);
    atlases.set(fontSize, atlas);
  }
  return atlas;
}

async function renderAtlas(fontSize: number): Promise<GlyphAtlas> {
  const advance = Math.ceil(fontSize * 0.62);
  const height = Math.ceil(fontSize * 1.35);
  const width = advance * CHARS.length;
  const texts = [...CHARS]
    .map((ch, i) => `<text x="${i * advance}" y="${Math.round(fontSize * 1.02)}">${escapeXml(ch)}</text>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<g font-family="DejaVu Sans Mono, Liberation Mono, monospace" font-size="${fontSize}" fill="#fff">${texts}</g></svg>`;
  const coverage = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  return {
    advance,
    height,
    coverage: new Uint8Array(coverage),
    width,
    index: new Map([...CHARS].map((ch, i) => [ch, i])),
  };
}

/** Draws `text` into an RGB canvas with its top-left at (x, y), clipped to `maxWidth` pixels. */
export function drawText(
  canvas: Uint8Array,
  canvasWidth: number,
  atlas: GlyphAtlas,
  text: string,
  x: number,
  y: number,
  colour: readonly [number, number, number],
): void {
  const canvasHeight = canvas.length / 3 / canvasWidth;
  let pen = x;
  for (const ch of text) {
    const glyph = atlas.index.get(ch) ?? atlas.index.get('?') ?? 0;
    for (let gy = 0; gy < atlas.height; gy++) {
      const cy = y + gy;
      if (cy < 0 || cy >= canvasHeight) continue;
      for (let gx = 0; gx < atlas.advance; gx++) {
        const cx = pen + gx;
        if (cx < 0 || cx >= canvasWidth) continue;
        const a = atlas.coverage[gy * atlas.width + glyph * atlas.advance + gx];
        if (a === 0) continue;
        const o = (cy * canvasWidth + cx) * 3;
        for (let c = 0; c < 3; c++)
          canvas[o + c] = Math.round((canvas[o + c] * (255 - a) + colour[c] * a) / 255);
      }
    }
    pen += atlas.advance;
  }
}
