/**
 * An uncompressed single-strip TIFF of 32-bit samples (sharp writes only 8 and 16-bit TIFFs), laid out by the
 * TIFF 6.0 specification: what scientific tools and PIL (mode F / I) write.
 */
export function writeTiff32(
  width: number,
  height: number,
  channels: 1 | 3,
  samples: number[],
  sampleFormat: 'float' | 'int',
): Buffer {
  const data = Buffer.alloc(width * height * channels * 4);
  samples.forEach((v, i) =>
    sampleFormat === 'float' ? data.writeFloatLE(v, i * 4) : data.writeInt32LE(Math.round(v), i * 4),
  );
  const tags: [number, number, number[]][] = [
    [256, 4, [width]], // ImageWidth
    [257, 4, [height]], // ImageLength
    [258, 3, new Array(channels).fill(32)], // BitsPerSample
    [259, 3, [1]], // Compression: none
    [262, 3, [channels === 1 ? 1 : 2]], // Photometric: BlackIsZero / RGB
    [273, 4, [0]], // StripOffsets (filled below)
    [277, 3, [channels]], // SamplesPerPixel
    [278, 4, [height]], // RowsPerStrip
    [279, 4, [data.length]], // StripByteCounts
    [339, 3, new Array(channels).fill(sampleFormat === 'float' ? 3 : 2)], // SampleFormat
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const extraAt = 8 + ifdSize;
  const extra: Buffer[] = [];
  let extraLength = 0;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(tags.length, 0);
  tags.forEach(([tag, type, values], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(values.length, at + 4);
    const size = type === 3 ? 2 : 4;
    const bytes = Buffer.alloc(Math.max(4, values.length * size));
    values.forEach((v, k) => (size === 2 ? bytes.writeUInt16LE(v, k * 2) : bytes.writeUInt32LE(v, k * 4)));
    if (values.length * size <= 4) bytes.copy(ifd, at + 8, 0, 4);
    else {
      ifd.writeUInt32LE(extraAt + extraLength, at + 8);
      extra.push(bytes);
      extraLength += bytes.length;
    }
  });
  const dataAt = extraAt + extraLength;
  ifd.writeUInt32LE(dataAt, 2 + 5 * 12 + 8); // StripOffsets value
  const header = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
  return Buffer.concat([header, ifd, ...extra, data]);
}
