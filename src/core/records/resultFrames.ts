import { deserialize, serialize } from 'node:v8';
import type { FileResult, ImageRecord } from './fileResult';
import { pooledCounts } from '../stats/imageHistogram';
import { pooledThumbnail, pooledThumbnails, THUMBNAIL_BYTES } from './thumbnailPool';

/**
 * How a frame of records that carry per-image results is stored: every histogram moved into one typed array per
 * frame. v8.serialize writes each typed array through a JavaScript callback (with the matching read, a large share
 * of re-writing a cache after one image changed, measured), so a frame now holds one instead of one per record.
 * Records are the cache's and the shard parts' (anything without an ok `result` passes through as it is).
 */
export interface ResultFrame<T> {
  records: T[];
  /**
   * The histograms of the records with an ok result, in record order, end to end (256 per channel); 16-bit when
   * every image has fewer than 65,536 pixels (no count can reach 2^16), which halves a cache of small images.
   */
  counts: Uint32Array | Uint16Array;
  /** The thumbnails of the same records, end to end (see thumbnailPool.ts): one typed array, not one per record. */
  thumbnails: Uint8Array;
}

/** A record's ok result, if it has one (cache and shard part records do; a part's trailer does not). */
function okResultOf(record: unknown): ImageRecord | undefined {
  const result = (record as { result?: FileResult | null } | null)?.result;
  return result?.ok ? result : undefined;
}

/**
 * The frame, serialised. The records' histograms are taken out only while v8.serialize runs (synchronously) and
 * put back before returning: copying each record without its histogram showed in profiles of large caches.
 */
export function serializeResultFrame<T>(records: T[]): Buffer {
  const results: ImageRecord[] = [];
  for (const record of records) {
    const result = okResultOf(record);
    if (!result) continue;
    const { counts, channels } = result.histogram;
    // Reading finds each histogram's end from its channel count.
    if (counts.length !== channels * 256)
      throw new Error(`${result.file}: ${counts.length} histogram counts for ${channels} channel(s)`);
    results.push(result);
  }
  const counts = pooledCounts(results);
  const thumbnails = pooledThumbnails(results);
  const taken = results.map((result) => result.histogram.counts);
  const takenThumbnails = results.map((result) => result.thumbnail);
  try {
    for (const result of results) {
      (result.histogram as { counts?: unknown }).counts = undefined;
      (result as { thumbnail?: unknown }).thumbnail = undefined;
    }
    return serialize({ records, counts, thumbnails } satisfies ResultFrame<T>);
  } finally {
    results.forEach((result, k) => {
      result.histogram.counts = taken[k];
      result.thumbnail = takenThumbnails[k];
    });
  }
}

/**
 * The records of a serialised frame, each histogram a view into the frame's counts and each thumbnail a view into
 * its thumbnails. Older frames still read: a plain array (written before histograms were pooled) is already the
 * records, and a frame without pooled thumbnails holds each as a string of char codes (copied into bytes here).
 */
export function deserializeResultFrame<T>(bytes: Buffer): T[] {
  const payload: unknown = deserialize(bytes);
  if (Array.isArray(payload)) return placeInRecords(payload as T[], undefined, undefined);
  const frame = payload as Partial<ResultFrame<T>> | null;
  const { counts, thumbnails } = frame ?? {};
  if (
    !frame ||
    !Array.isArray(frame.records) ||
    !(counts instanceof Uint32Array || counts instanceof Uint16Array) ||
    !(thumbnails === undefined || thumbnails instanceof Uint8Array)
  )
    throw new Error('not a frame of records');
  return placeInRecords(frame.records, counts, thumbnails);
}

/** Gives each ok result its histogram and thumbnail from the pooled arrays (undefined: in the record already). */
function placeInRecords<T>(
  records: T[],
  counts: Uint32Array | Uint16Array | undefined,
  thumbnails: Uint8Array | undefined,
): T[] {
  let offset = 0;
  let images = 0;
  for (const record of records) {
    const result = okResultOf(record);
    if (!result) continue;
    if (counts) {
      const length = result.histogram.channels * 256;
      if (offset + length > counts.length)
        throw new Error('a frame holds fewer counts than its records need');
      result.histogram.counts = counts.subarray(offset, offset + length);
      offset += length;
    }
    if (thumbnails) {
      if ((images + 1) * THUMBNAIL_BYTES > thumbnails.length)
        throw new Error('a frame holds fewer thumbnails than its records need');
      result.thumbnail = pooledThumbnail(thumbnails, images);
    } else if (typeof (result.thumbnail as unknown) === 'string') {
      result.thumbnail = Buffer.from(result.thumbnail as unknown as string, 'latin1');
    }
    images++;
  }
  if (counts && offset !== counts.length) throw new Error('a frame holds more counts than its records need');
  if (thumbnails && images * THUMBNAIL_BYTES !== thumbnails.length)
    throw new Error('a frame holds more thumbnails than its records need');
  return records;
}

/** The codec for FramedWriter and FramedReader (a FrameCodec of cache/framedFile.ts). */
export function resultFrameCodec<T>(): { serialize(records: T[]): Buffer; deserialize(bytes: Buffer): T[] } {
  return { serialize: serializeResultFrame, deserialize: deserializeResultFrame };
}
