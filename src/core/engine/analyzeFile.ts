import xxhash from 'xxhash-wasm';
import { statSync } from 'node:fs';
import {
  decodeWithSharpCopy,
  decodeWithoutSharp,
  type DecodeOptions,
  type HeldPixels,
} from '../decode/decodeImage';
import { readImageFile, type FileStamp } from '../decode/readImageFile';
import { DecodeFailure, type DecodedImage } from '../decode/decodedImage';
import { ContentBatch } from '../content/contentBatch';
import { loadEmbedder } from '../content/embedder';
import { measureImage } from '../quality/imageMeasures';
import { messageOf } from '../util/errors';
import { ExternalGrowth } from '../util/garbageCollection';
import type { FileEntry } from '../scan/scanPlan';
import { decodeMemberNow, decodeMemberWithSharp, type MemberContent } from '../source/memberContent';
import type { FileResult } from '../records/fileResult';

type HashPixels = (bytes: Uint8Array) => string;
let hasher: Promise<HashPixels> | undefined;

/**
 * Larger inputs are hashed a piece at a time: xxhash-wasm copies its input into the WebAssembly memory, which
 * grows to fit and never shrinks, so a camera-sized photo hashed whole kept a buffer its size in the worker for
 * the rest of the run (measured). Streaming gives the same hash.
 */
export const HASH_PIECE_BYTES = 1 << 20;

/** xxHash64 (WebAssembly): far faster than sha1 (measured), so hashing every pixel costs little. */
export function pixelHasher(): Promise<HashPixels> {
  hasher ??= xxhash().then((api) => (bytes: Uint8Array) => {
    let hash: bigint;
    if (bytes.length <= HASH_PIECE_BYTES) hash = api.h64Raw(bytes);
    else {
      const stream = api.create64();
      for (let at = 0; at < bytes.length; at += HASH_PIECE_BYTES) {
        stream.update(bytes.subarray(at, at + HASH_PIECE_BYTES));
      }
      hash = stream.digest();
    }
    return hash.toString(16).padStart(16, '0');
  });
  return hasher;
}

/**
 * A decoded image's pixels (sharp's buffer, outside V8's heap) are freed when V8 collects their buffer object; a
 * worker's JS heap is small and rarely needs a full collection, so large images, and the file bytes and pixels of
 * photos that outlived the young generation, piled up (see ExternalGrowth). A worker collects once 12 MB (a
 * 4-megapixel RGB image) more than the last collection left is held outside its heap. Workers run with
 * --expose-gc; where gc is not exposed this does nothing.
 */
const COLLECT_AFTER_EXTERNAL_BYTES = 12 << 20;
let externalGrowth: ExternalGrowth | undefined;

/** What analysing a file needs of its scan entry (size -1: not known). */
export type FileToAnalyze = Pick<FileEntry, 'file' | 'open' | 'size' | 'content'>;

export interface AnalyzeFileOptions extends DecodeOptions {
  /**
   * Stat each file whose size is not known through the descriptor it is read from (fstat): its result then says
   * its size and mtime (`bytes`, `mtimeMs`). For a first run that writes the cache: there is nothing to look up
   * yet, so the main process need not stat every file by path first (a stat thread and the paths handed to it and
   * back) for an fstat of a descriptor the worker has open anyway (cheaper than a stat by path, measured).
   */
  stampUnsized?: boolean;
  /** Also compute each image's content record (embedding and confirmation thumbnail): `analyze --content`. */
  content?: boolean;
}

/** Called with each decoded image before its pixels are let go (what the content record needs of them). */
type TakePixels = (image: DecodedImage) => void;

/** Decodes one file and reduces it to its record. Never throws: failures become per-file results. */
export async function analyzeFile(entry: FileToAnalyze, options: AnalyzeFileOptions): Promise<FileResult> {
  return analyzeWith(entry, options, await pixelHasher());
}

/**
 * analyzeFile, returning at once when no decoder has to be waited for (a small PNG, a file that cannot be read):
 * tens of thousands of tiny files a second then cost no promise and no turn of the event loop each.
 */
function analyzeWith(
  entry: FileToAnalyze,
  options: AnalyzeFileOptions,
  hash: HashPixels,
  take?: TakePixels,
): FileResult | Promise<FileResult> {
  if (entry.content) return analyzeMember(entry, entry.content, options, hash, take);
  // The scan did not stat this file (size -1): the result then says how big it was (and when stamped, its mtime).
  const unsized = entry.size < 0;
  const stamp: FileStamp | undefined = unsized && options.stampUnsized ? { size: -1, mtimeMs: 0 } : undefined;
  let bytes: number | undefined;
  let buffer: Buffer;
  try {
    buffer = readImageFile(entry.open, stamp, options.maxPixels);
    bytes = stamp ? stamp.size : buffer.length;
    const image = decodeWithoutSharp(buffer, options);
    if (image) return imageRecord(entry, image, hash, unsized ? bytes : undefined, stamp, take);
  } catch (error) {
    // A file that could not be read has no stamp: the stat by path only sizes it.
    if (bytes === undefined) return failureRecord(entry, error, unsized ? sizeOf(entry.open) : undefined);
    return failureRecord(entry, error, unsized ? bytes : undefined, stamp);
  }
  // The image keeps its share of the decode budget until it is measured and, if large, collected: given back at
  // the end of the decode, the next large image was decoded while this one was measured (two in memory at once).
  const held: HeldPixels = {};
  return decodeWithSharpCopy(buffer, options, held)
    .then(
      (image) => imageRecord(entry, image, hash, unsized ? bytes : undefined, stamp, take),
      (error: unknown) => failureRecord(entry, error, unsized ? bytes : undefined, stamp),
    )
    .then(
      (result) => {
        // A step of its own: nothing here refers to the decoded pixels any more, so a collection can free them.
        externalGrowth ??= new ExternalGrowth(COLLECT_AFTER_EXTERNAL_BYTES);
        if (!externalGrowth.due) {
          held.release?.();
          return result;
        }
        const growth = externalGrowth;
        growth.collectNow();
        // Node frees a native buffer in a callback after the collection that found it dead: wait for that turn.
        return new Promise<FileResult>((resolve) =>
          setImmediate(() => {
            growth.settled();
            held.release?.();
            resolve(result);
          }),
        );
      },
      (error: unknown) => {
        // Measuring failed (a bug, not the file's fault): the budget must not stay held by it.
        held.release?.();
        throw error;
      },
    );
}

/** A container's member: its bytes came with the entry (sized by its container's listing). */
function analyzeMember(
  entry: FileToAnalyze,
  content: MemberContent,
  options: AnalyzeFileOptions,
  hash: HashPixels,
  take?: TakePixels,
): FileResult | Promise<FileResult> {
  try {
    const image = decodeMemberNow(content, options);
    if (image) return imageRecord(entry, image, hash, undefined, undefined, take);
  } catch (error) {
    return failureRecord(entry, error, undefined);
  }
  if (content.kind !== 'encoded')
    return failureRecord(entry, new Error('grey member not decoded'), undefined);
  return decodeMemberWithSharp(content, options).then(
    (image) => imageRecord(entry, image, hash, undefined, undefined, take),
    (error: unknown) => failureRecord(entry, error, undefined),
  );
}

/**
 * `bytes`: the file's size, given when the scan did not stat it; `stamp`: its size and mtime when the run asked
 * for them (AnalyzeFileOptions.stampUnsized).
 */
function imageRecord(
  entry: FileToAnalyze,
  image: DecodedImage,
  hash: HashPixels,
  bytes: number | undefined,
  stamp: FileStamp | undefined,
  take?: TakePixels,
): FileResult {
  take?.(image);
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
  return withFileFacts(result, bytes, stamp);
}

function failureRecord(
  entry: FileToAnalyze,
  error: unknown,
  bytes: number | undefined,
  stamp?: FileStamp,
): FileResult {
  const failure = error instanceof DecodeFailure ? error : new DecodeFailure('corrupt', messageOf(error));
  const result: FileResult = { ok: false, file: entry.file, kind: failure.kind, message: failure.message };
  return withFileFacts(result, bytes, stamp);
}

/** Added after creation rather than spread in: every result of a run then has one shape. */
function withFileFacts(
  result: FileResult,
  bytes: number | undefined,
  stamp: FileStamp | undefined,
): FileResult {
  if (bytes !== undefined) result.bytes = bytes;
  if (stamp) result.mtimeMs = stamp.mtimeMs;
  return result;
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
 * Callers must not run two batches at once in one process for the same reason. With `content`, the images are
 * embedded as they are decoded, a pass at a time (see ContentBatch).
 */
export async function analyzeBatch(
  entries: FileToAnalyze[],
  options: AnalyzeFileOptions,
  inFlight = 6,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(entries.length);
  const hash = await pixelHasher();
  const content = options.content ? new ContentBatch(await loadEmbedder()) : undefined;
  let next = 0;
  const takeFor = (i: number): TakePixels | undefined =>
    content ? (image) => content.take(i, image) : undefined;
  const lane = async () => {
    while (next < entries.length) {
      const i = next++;
      const result = analyzeWith(entries[i], options, hash, takeFor(i));
      results[i] = result instanceof Promise ? await result : result;
      content?.flushIfReady();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, entries.length) }, lane));
  for (let i = 0; i < entries.length; i++) {
    if (!results[i].ok) results[i] = await analyzeWith(entries[i], options, hash, takeFor(i));
  }
  content?.finish(results);
  return results;
}
