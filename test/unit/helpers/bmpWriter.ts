/**
 * A BMP writer for tests: the bytes of each variant laid out by the format's documentation, from pixels the test
 * chose, so the decoder is checked against known values rather than against itself.
 */

export interface BmpSpec {
  width: number;
  height: number;
  bits: 1 | 4 | 8 | 16 | 24 | 32;
  /** Palette indices (bits <= 8) or packed pixel values (16, 32) or BGR triplets (24), top row first. */
  pixels: number[];
  /** RGB entries for bits <= 8. */
  palette?: [number, number, number][];
  /** 40 (BITMAPINFOHEADER, default), 124 (V5) or 12 (OS/2 1.x). */
  headerSize?: 12 | 40 | 124;
  /** Bit fields (red, green, blue, alpha); written after a 40-byte header, inside a V5 one. */
  masks?: [number, number, number, number?];
  topDown?: boolean;
  /** RLE8 stream (written as is, bits must be 8). */
  rle8?: number[];
}

export function writeBmp(spec: BmpSpec): Buffer {
  const headerSize = spec.headerSize ?? 40;
  const { width, height, bits } = spec;
  const paletteEntry = headerSize === 12 ? 3 : 4;
  const palette = spec.palette ?? [];
  const masksAfter = spec.masks && headerSize === 40 ? 12 : 0;
  const rows: Buffer[] = [];
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(rowBytes);
    for (let x = 0; x < width; x++) {
      const v = spec.pixels[y * width + x];
      if (bits < 8) row[(x * bits) >> 3] |= v << (8 - bits - ((x * bits) % 8));
      else if (bits === 8) row[x] = v;
      else if (bits === 16) row.writeUInt16LE(v, x * 2);
      else if (bits === 24) row.writeUIntLE(v, x * 3, 3);
      else row.writeUInt32LE(v >>> 0, x * 4);
    }
    rows.push(row);
  }
  if (!spec.topDown) rows.reverse();
  const data = spec.rle8 ? Buffer.from(spec.rle8) : Buffer.concat(rows);
  const paletteBytes = Buffer.alloc(palette.length * paletteEntry);
  palette.forEach(([r, g, b], i) => paletteBytes.set([b, g, r], i * paletteEntry));
  const dataOffset = 14 + headerSize + masksAfter + paletteBytes.length;
  const header = Buffer.alloc(headerSize);
  header.writeUInt32LE(headerSize, 0);
  if (headerSize === 12) {
    header.writeUInt16LE(width, 4);
    header.writeUInt16LE(height, 6);
    header.writeUInt16LE(1, 8);
    header.writeUInt16LE(bits, 10);
  } else {
    header.writeInt32LE(width, 4);
    header.writeInt32LE(spec.topDown ? -height : height, 8);
    header.writeUInt16LE(1, 12);
    header.writeUInt16LE(bits, 14);
    header.writeUInt32LE(spec.rle8 ? 1 : spec.masks ? 3 : 0, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(palette.length, 32);
    if (spec.masks && headerSize === 124)
      spec.masks.forEach((m, i) => header.writeUInt32LE((m ?? 0) >>> 0, 40 + 4 * i));
  }
  const masks = Buffer.alloc(masksAfter);
  if (masksAfter) spec.masks!.slice(0, 3).forEach((m, i) => masks.writeUInt32LE((m ?? 0) >>> 0, 4 * i));
  const fileHeader = Buffer.alloc(14);
  fileHeader.write('BM', 0, 'latin1');
  fileHeader.writeUInt32LE(dataOffset + data.length, 2);
  fileHeader.writeUInt32LE(dataOffset, 10);
  return Buffer.concat([fileHeader, header, masks, paletteBytes, data]);
}
