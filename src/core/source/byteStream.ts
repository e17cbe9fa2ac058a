import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether `head` starts like a gzip stream (what decides decompression: not the file's name). */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The file's bytes as a stream, decompressed when `gzip`. */
export function fileStream(absolute: string, gzip: boolean): Readable {
  const raw = createReadStream(absolute);
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  const out = raw.pipe(gunzip);
  // zlib says "unexpected end of file" for a cut download: name the layer that failed.
  out.on('error', (error) => {
    if (!error.message.startsWith('gzip data')) error.message = `gzip data: ${error.message}`;
  });
  return out;
}

/** The first `n` bytes of the file (decompressed when it is gzip), fewer when it is shorter. */
export async function readHead(absolute: string, n: number): Promise<Buffer> {
  const rawHead = await readRawHead(absolute, 2);
  const stream = fileStream(absolute, isGzip(rawHead));
  const pieces: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pieces.push(chunk);
      got += chunk.length;
      if (got >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(pieces).subarray(0, n);
}

/** The file's first `n` bytes as stored (compressed or not). */
export async function readRawHead(absolute: string, n: number): Promise<Buffer> {
  const stream = createReadStream(absolute, { start: 0, end: n - 1 });
  const pieces: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) pieces.push(chunk);
  return Buffer.concat(pieces);
}

/** The whole (decompressed) file, refusing more than `limit` bytes: for small side files (idx labels). */
export async function readWhole(absolute: string, limit: number): Promise<Buffer> {
  const rawHead = await readRawHead(absolute, 2);
  const stream = fileStream(absolute, isGzip(rawHead));
  const pieces: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      got += chunk.length;
      if (got > limit) throw new Error(`larger than the ${limit} bytes it can hold`);
      pieces.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(pieces);
}
