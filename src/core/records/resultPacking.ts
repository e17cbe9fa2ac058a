import type { ContentRecord } from './contentRecord';
import type { DecodeFailureKind, SourceMode } from '../decode/decodedImage';
import { pooledCounts } from '../stats/imageHistogram';
import type { FileResult } from './fileResult';
import { pooledThumbnail, pooledThumbnails } from './thumbnailPool';

/**
 * A batch of results as three typed arrays and one list of strings, for the hop from a worker process to its
 * parent. Structured clone copies typed arrays whole, where a list of objects costs a property name and a tag
 * per field and image on both sides (measured: more than decoding a small PNG).
 * File names stay with the parent, which knows what it sent: results come back in the same order.
 */
export interface PackedResults {
  count: number;
  /**
   * NUMBER_FIELDS per result: flags, width, height, brightnessP5, brightnessP99, entropy, blur, bytes (-1: none),
   * mtimeMs (NaN: none; an mtime before 1970 is negative).
   */
  numbers: Float64Array;
  /**
   * The histograms of the successful results, end to end (256 or 768 counts each): 16-bit when every image of the
   * batch has fewer than 65,536 pixels (no count can reach 2^16): half the bytes through the pipe and its copies
   * for small images (a gain in time within this machine's noise, measured).
   */
  counts: Uint32Array | Uint16Array;
  /**
   * The near-duplicate thumbnails of the successful results, end to end (THUMBNAIL_BYTES each): one array per
   * batch, where a string per image cost its allocation and copy on both sides and a Buffer.write in the parent.
   */
  thumbnails: Uint8Array;
  /** Per result: format, mode, phash, pixelHash; or, for a failure, kind and message. */
  strings: string[];
  /** Per result, its content record (null: none); only when some result has one (`analyze --content`). */
  contents?: (ContentRecord | null)[];
}

const NUMBER_FIELDS = 9;
const OK = 1;
const HAD_ALPHA = 2;
const CHANNELS_EQUAL = 4;
const BLUR_NULL = 8;
const COLOUR = 16;

export function packResults(results: FileResult[]): PackedResults {
  const numbers = new Float64Array(results.length * NUMBER_FIELDS);
  const ok = results.filter((r) => r.ok);
  const counts = pooledCounts(ok);
  const thumbnails = pooledThumbnails(ok);
  const strings: string[] = [];
  results.forEach((r, i) => {
    const n = i * NUMBER_FIELDS;
    numbers[n + 7] = r.bytes ?? -1;
    numbers[n + 8] = r.mtimeMs ?? NaN;
    if (!r.ok) {
      strings.push(r.kind, r.message);
      return;
    }
    numbers[n] =
      OK |
      (r.hadAlpha ? HAD_ALPHA : 0) |
      (r.histogram.channelsEqual ? CHANNELS_EQUAL : 0) |
      (r.blur === null ? BLUR_NULL : 0) |
      (r.histogram.channels === 3 ? COLOUR : 0);
    numbers[n + 1] = r.width;
    numbers[n + 2] = r.height;
    numbers[n + 3] = r.brightnessP5;
    numbers[n + 4] = r.brightnessP99;
    numbers[n + 5] = r.entropy;
    numbers[n + 6] = r.blur ?? 0;
    strings.push(r.format, r.mode, r.phash, r.pixelHash);
  });
  const packed: PackedResults = { count: results.length, numbers, counts, thumbnails, strings };
  if (results.some((r) => r.ok && r.content))
    packed.contents = results.map((r) => (r.ok && r.content) || null);
  return packed;
}

/** The results again, named after `files` (what the parent sent, in order). Throws if the two disagree. */
export function unpackResults(packed: PackedResults, files: string[]): FileResult[] {
  if (packed.count !== files.length)
    throw new Error(`a worker answered ${packed.count} results for a batch of ${files.length} files`);
  const { numbers, counts, thumbnails, strings } = packed;
  const results: FileResult[] = new Array(packed.count);
  let offset = 0;
  let thumbnailIndex = 0;
  let s = 0;
  for (let i = 0; i < packed.count; i++) {
    const n = i * NUMBER_FIELDS;
    const flags = numbers[n];
    let result: FileResult;
    if (!(flags & OK)) {
      result = {
        ok: false,
        file: files[i],
        kind: strings[s] as DecodeFailureKind,
        message: strings[s + 1],
      };
      s += 2;
    } else {
      const channels = flags & COLOUR ? 3 : 1;
      // A view into the batch's buffer, no copy per image: v8.serialize (the cache) writes only the view's bytes.
      const histogramCounts = counts.subarray(offset, offset + channels * 256);
      offset += channels * 256;
      const thumbnail = pooledThumbnail(thumbnails, thumbnailIndex++);
      result = {
        ok: true,
        file: files[i],
        format: strings[s],
        mode: strings[s + 1] as SourceMode,
        width: numbers[n + 1],
        height: numbers[n + 2],
        hadAlpha: (flags & HAD_ALPHA) !== 0,
        histogram: { channels, counts: histogramCounts, channelsEqual: (flags & CHANNELS_EQUAL) !== 0 },
        brightnessP5: numbers[n + 3],
        brightnessP99: numbers[n + 4],
        entropy: numbers[n + 5],
        blur: flags & BLUR_NULL ? null : numbers[n + 6],
        phash: strings[s + 2],
        pixelHash: strings[s + 3],
        thumbnail,
      };
      s += 4;
    }
    // Added after creation rather than spread in: every result of a run then has one shape.
    if (numbers[n + 7] >= 0) result.bytes = numbers[n + 7];
    if (!Number.isNaN(numbers[n + 8])) result.mtimeMs = numbers[n + 8];
    const content = packed.contents?.[i];
    if (content && result.ok) result.content = content;
    results[i] = result;
  }
  return results;
}
