import type { FileResult } from '../engine/fileResult';
import type { FrameCodec } from './framedFile';

/**
 * How a frame of records that carry per-image results is stored: every histogram moved into one Uint32Array per
 * frame. v8.serialize writes each typed array through a JavaScript callback (~7 µs apiece, measured: with the
 * matching read, a third of re-writing the cache of 50k images after one of them changed), so a frame now holds
 * one instead of one per record. Records are the cache's and the shard partials' (anything without an ok
 * `result` passes through as it is).
 */
export interface ResultFrame<T> {
  records: T[];
  /**
   * The histograms of the records with an ok result, in record order, end to end (256 per channel); 16-bit when
   * every count fits (images under 65,536 pixels), which halves a cache of small images.
   */
  counts: Uint32Array | Uint16Array;
}

/** A record's ok result, if it has one (cache and partial records do; a partial's trailer does not). */
function okResultOf(record: unknown): Extract<FileResult, { ok: true }> | undefined {
  const result = (record as { result?: FileResult | null } | null)?.result;
  return result?.ok ? result : undefined;
}

/** The frame to serialise; the records given are not changed (their copies drop the histograms). */
export function packResultFrame<T>(records: T[]): ResultFrame<T> {
  let length = 0;
  for (const record of records) length += okResultOf(record)?.histogram.counts.length ?? 0;
  const counts = new Uint32Array(length);
  let offset = 0;
  const stripped = records.map((record) => {
    const result = okResultOf(record);
    if (!result) return record;
    const histogram = result.histogram.counts;
    // Reading finds each histogram's end from its channel count.
    if (histogram.length !== result.histogram.channels * 256)
      throw new Error(
        `${result.file}: ${histogram.length} histogram counts for ${result.histogram.channels} channel(s)`,
      );
    counts.set(histogram, offset);
    offset += histogram.length;
    return { ...record, result: { ...result, histogram: { ...result.histogram, counts: undefined } } };
  });
  let largest = 0;
  for (const count of counts) if (count > largest) largest = count;
  return { records: stripped, counts: largest <= 0xffff ? new Uint16Array(counts) : counts };
}

/**
 * The records again, each histogram a view into the frame's array. A plain array is a frame written before
 * histograms were pooled: it is already the records.
 */
export function unpackResultFrame<T>(payload: unknown): T[] {
  if (Array.isArray(payload)) return payload as T[];
  const frame = payload as Partial<ResultFrame<T>> | null;
  const stored = frame?.counts;
  if (
    !frame ||
    !Array.isArray(frame.records) ||
    !(stored instanceof Uint32Array || stored instanceof Uint16Array)
  )
    throw new Error('not a frame of records');
  const records = frame.records;
  // Histograms are Uint32Array everywhere else (sums over a dataset overflow 16 bits): one copy per frame.
  const counts = stored instanceof Uint32Array ? stored : new Uint32Array(stored);
  let offset = 0;
  for (const record of records) {
    const result = okResultOf(record);
    if (!result) continue;
    const length = result.histogram.channels * 256;
    if (offset + length > counts.length) throw new Error('a frame holds fewer counts than its records need');
    result.histogram.counts = counts.subarray(offset, offset + length);
    offset += length;
  }
  if (offset !== counts.length) throw new Error('a frame holds more counts than its records need');
  return records;
}

/** The codec for FramedWriter and FramedReader. */
export function resultFrameCodec<T>(): FrameCodec<T> {
  return { encode: packResultFrame, decode: unpackResultFrame };
}
