import xxhash from 'xxhash-wasm';
import { statSync } from 'node:fs';
import { decodeImageBytes, readImageFile, type DecodeOptions } from '../decode/decodeImage';
import { DecodeFailure } from '../decode/decodedImage';
import { measureImage } from '../quality/imageMeasures';
import { messageOf } from '../util/errors';
import type { FileEntry } from '../scan/scanDataset';
import type { FileResult } from './fileResult';

let hasher: Promise<(bytes: Uint8Array) => string> | undefined;

/** xxHash64 (WebAssembly): ~9 GB/s here, against ~0.15 GB/s for sha1, so hashing every pixel costs little. */
function pixelHasher(): Promise<(bytes: Uint8Array) => string> {
  hasher ??= xxhash().then((api) => (bytes: Uint8Array) => api.h64Raw(bytes).toString(16).padStart(16, '0'));
  return hasher;
}

/** What analysing a file needs of its scan entry (size -1: not known). */
export type FileToAnalyze = Pick<FileEntry, 'file' | 'open' | 'size'>;

/** Decodes one file and reduces it to its record. Never throws: failures become per-file results. */
export async function analyzeFile(entry: FileToAnalyze, options: DecodeOptions): Promise<FileResult> {
  // The scan did not stat this file (size -1): the result then says how big it was.
  const unsized = entry.size < 0;
  let bytes: number | undefined;
  try {
    const hash = await pixelHasher();
    const buffer = readImageFile(entry.open, unsized ? undefined : entry.size);
    bytes = buffer.length;
    const image = await decodeImageBytes(buffer, options);
    const result: FileResult = {
      ok: true,
      file: entry.file,
      format: image.format,
      mode: image.mode,
      width: image.width,
      height: image.height,
      hadAlpha: image.hadAlpha,
      ...measureImage(image, hash),
    };
    if (unsized) result.bytes = bytes;
    return result;
  } catch (error) {
    const failure = error instanceof DecodeFailure ? error : new DecodeFailure('corrupt', messageOf(error));
    const result: FileResult = { ok: false, file: entry.file, kind: failure.kind, message: failure.message };
    if (unsized) bytes ??= sizeOf(entry.open);
    if (bytes !== undefined && unsized) result.bytes = bytes;
    return result;
  }
}

/** Size of a file that could not be read (permissions): what a stat'ing scan would have counted. */
function sizeOf(open: string | Uint8Array): number | undefined {
  try {
    return statSync(typeof open === 'string' ? open : Buffer.from(open)).size;
  } catch {
    return undefined;
  }
}

/**
 * Analyses a batch with a few sharp decodes in flight (sharp works on libuv's pool; small PNGs run inline).
 * Files that failed are decoded once more, alone: libvips keeps one error buffer per process, so a message
 * produced while other decodes were in flight can be another file's. Alone, each file gets its own reason.
 * Callers must not run two batches at once in one process for the same reason.
 */
export async function analyzeBatch(
  entries: FileToAnalyze[],
  options: DecodeOptions,
  inFlight = 6,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(entries.length);
  let next = 0;
  const lane = async () => {
    while (next < entries.length) {
      const i = next++;
      results[i] = await analyzeFile(entries[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, entries.length) }, lane));
  for (let i = 0; i < entries.length; i++) {
    if (!results[i].ok) results[i] = await analyzeFile(entries[i], options);
  }
  return results;
}
