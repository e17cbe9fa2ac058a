import { deserialize, serialize } from 'node:v8';
import type { FileResult, ImageRecord } from './fileResult';
import { pooledCounts } from '../stats/imageHistogram';

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
  const taken = results.map((result) => result.histogram.counts);
  try {
    for (const result of results) (result.histogram as { counts?: unknown }).counts = undefined;
    return serialize({ records, counts } satisfies ResultFrame<T>);
  } finally {
    results.forEach((result, k) => (result.histogram.counts = taken[k]));
  }
}

/**
 * The records of a serialised frame, each histogram a view into the frame's counts. A plain array is a frame
 * written before histograms were pooled: it is already the records.
 */
export function deserializeResultFrame<T>(bytes: Buffer): T[] {
  const payload: unknown = deserialize(bytes);
  if (Array.isArray(payload)) return payload as T[];
  const frame = payload as Partial<ResultFrame<T>> | null;
  const stored = frame?.counts;
  if (
    !frame ||
    !Array.isArray(frame.records) ||
    !(stored instanceof Uint32Array || stored instanceof Uint16Array)
  )
    throw new Error('not a frame of records');
  const counts = stored;
  let offset = 0;
  for (const record of frame.records) {
    const result = okResultOf(record);
    if (!result) continue;
    const length = result.histogram.channels * 256;
    if (offset + length > counts.length) throw new Error('a frame holds fewer counts than its records need');
    result.histogram.counts = counts.subarray(offset, offset + length);
    offset += length;
  }
  if (offset !== counts.length) throw new Error('a frame holds more counts than its records need');
  return frame.records;
}

/** The codec for FramedWriter and FramedReader (a FrameCodec of cache/framedFile.ts). */
export function resultFrameCodec<T>(): { serialize(records: T[]): Buffer; deserialize(bytes: Buffer): T[] } {
  return { serialize: serializeResultFrame, deserialize: deserializeResultFrame };
}
