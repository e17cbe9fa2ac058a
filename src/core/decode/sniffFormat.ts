/**
 * The image format a file's first bytes announce, whatever its name: the formats this tool decodes (sharp's
 * buffer loaders in its prebuilt binaries, and BMP here), SVG (which sharp would rasterise, but which is a drawing,
 * not an image of the dataset), or undefined for anything else. Looked at before a large file is read whole.
 */
/** Why a file whose first bytes are no image format we decode is not analysed. */
export const NO_KNOWN_FORMAT =
  'contents match no supported image format (jpeg, png, webp, gif, tiff, avif, bmp)';
export const SVG_CONTENT =
  'SVG content (a vector drawing, not a raster image): it would be drawn at a size of its own; not analysed';

export type SniffedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'heif' | 'bmp' | 'svg';

export function sniffFormat(head: Uint8Array): SniffedFormat | undefined {
  if (head.length < 2) return undefined;
  const [a, b] = head;
  if (a === 0xff && b === 0xd8) return 'jpeg';
  if (a === 0x89 && startsWith(head, 1, 'PNG\r\n\x1a\n')) return 'png';
  if (a === 0x42 && b === 0x4d) return 'bmp';
  if (startsWith(head, 0, 'GIF8')) return 'gif';
  if (startsWith(head, 0, 'RIFF') && startsWith(head, 8, 'WEBP')) return 'webp';
  if (startsWith(head, 0, 'II') && (head[2] === 42 || head[2] === 43) && head[3] === 0) return 'tiff';
  if (startsWith(head, 0, 'MM') && head[2] === 0 && (head[3] === 42 || head[3] === 43)) return 'tiff';
  if (startsWith(head, 4, 'ftyp')) return 'heif';
  if (looksLikeSvg(head)) return 'svg';
  return undefined;
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** XML text whose first kilobyte opens an <svg element (after a BOM, an XML declaration or comments). */
function looksLikeSvg(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 1024)).toString('latin1');
  return /^(\xef\xbb\xbf)?\s*</.test(text) && /<svg[\s>]/i.test(text);
}
