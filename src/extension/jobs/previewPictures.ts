import { createHash } from 'node:crypto';
import type { PreviewCell, PreviewRow } from '../../core/preview/buildPreview';
import { encodeSmallPng } from '../../core/export/smallPng';
import { sharp } from '../../core/util/lazySharp';
import type { PreviewImage, PreviewRowView } from '../../protocol/messages';

/** A cell's encoding: what the panel shows. */
interface Picture {
  src: string;
  width: number;
  height: number;
}

/** Cells of more pixels than this (96 x 96) are sent as JPEG when in colour. */
const CELL_AS_JPEG = 96 * 96;

/** Encodings kept between grids (by key), at most this many characters of data URLs in all. */
const KEPT_CHARS = 16_000_000;
const kept = new Map<string, Picture>();
let keptChars = 0;

/**
 * The rows of a preview grid as the panel receives them. Each cell is named by a key, the hash of its pixels and
 * of the box it is fitted to: a cell whose key was encoded for an earlier grid is not encoded again, and a cell
 * whose key the panel holds (`held`) is sent without its data URL. An edit re-renders every cell but sends only
 * those it changed: never the originals, nor the variants it did not change.
 */
export async function previewRowViews(
  rows: readonly PreviewRow[],
  size: number,
  held: ReadonlySet<string> = new Set(),
): Promise<PreviewRowView[]> {
  // Cells of equal pixels in one grid (variants no step changed, say) are encoded once.
  const encoding = new Map<string, Promise<Picture>>();
  const picture = async (cell: PreviewCell): Promise<PreviewImage> => {
    const key = pictureKey(cell, size);
    const known = kept.get(key);
    if (known) {
      // Used again: the newest to be dropped.
      kept.delete(key);
      kept.set(key, known);
    }
    let made = encoding.get(key);
    if (!known && !made) encoding.set(key, (made = encodeCell(cell, size).then((p) => remember(key, p))));
    const { src, width, height } = known ?? (await made)!;
    const sent = known && held.has(key) ? '' : src;
    return { src: sent, key, caption: cell.caption, width, height, steps: cell.steps };
  };
  // Every cell at once: the encodes share libvips' threads instead of waiting row by row.
  return Promise.all(
    rows.map(async (row) => {
      const [original, variants] = await Promise.all([
        row.error ? null : picture(row.original),
        Promise.all(row.variants.map(picture)),
      ]);
      return {
        className: row.className,
        file: row.file,
        error: row.error,
        reduced: row.reduced,
        original,
        variants,
      };
    }),
  );
}

/** SHA-1 (base64url) of the cell's size, channels, box and pixels: equal keys, equal encodings. */
export function pictureKey(cell: PreviewCell, size: number): string {
  const header = Buffer.from(Uint32Array.of(cell.width, cell.height, cell.channels, size).buffer);
  return createHash('sha1').update(header).update(cell.pixels).digest('base64url');
}

function remember(key: string, picture: Picture): Picture {
  const old = kept.get(key);
  if (old) keptChars -= old.src.length;
  kept.delete(key);
  kept.set(key, picture);
  keptChars += picture.src.length;
  for (const [oldest, value] of kept) {
    if (keptChars <= KEPT_CHARS) break;
    kept.delete(oldest);
    keptChars -= value.src.length;
  }
  return picture;
}

/**
 * One preview cell as a data URL, shrunk to fit `size` (small images stay small; the panel scales them). Colour
 * cells larger than CELL_AS_JPEG pixels go as JPEG of quality 90: a photo grid's PNGs were 2.4 MB a preview,
 * whose trip to the panel took longer than making it. Small and grey cells stay PNG, exact to the pixel.
 */
async function encodeCell(cell: PreviewCell, size: number): Promise<Picture> {
  const jpeg = cell.channels === 3 && Math.min(cell.width * cell.height, size * size) > CELL_AS_JPEG;
  // A cell that fits as it is (a digit, a thumbnail) is encoded here: sharp's fixed cost per call was most of a
  // small grid's encoding (30 cells of 28 x 28: 18 ms of the job's time).
  const fits = cell.width <= size && cell.height <= size;
  const png = !jpeg && fits ? encodeSmallPng(cell.pixels, cell) : undefined;
  if (png)
    return { src: `data:image/png;base64,${png.toString('base64')}`, width: cell.width, height: cell.height };
  const image = sharp(Buffer.from(cell.pixels.buffer, cell.pixels.byteOffset, cell.pixels.byteLength), {
    raw: { width: cell.width, height: cell.height, channels: cell.channels },
  }).resize(size, size, { fit: 'inside', withoutEnlargement: true });
  if (cell.channels === 1) image.toColourspace('b-w');
  const encoded = jpeg ? image.jpeg({ quality: 90 }) : image.png({ compressionLevel: 3 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return {
    src: `data:image/${jpeg ? 'jpeg' : 'png'};base64,${data.toString('base64')}`,
    width: info.width,
    height: info.height,
  };
}
