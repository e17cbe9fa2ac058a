import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../records/fileResult';
import { FRAME_RECORDS, FramedReader, FramedWriter, type StoredFrameBytes } from './framedFile';
import { InOrder } from '../util/inOrder';
import { resultFrameCodec } from '../records/resultFrames';
import { ExternalGrowth, fullCollection } from '../util/garbageCollection';

/**
 * Per-image records cached between runs, keyed by path, size and mtime. Records are stored in scan order, and
 * the scan order is stable, so a re-run reads the old cache sequentially beside the scan (a merge-join with a
 * look-ahead window): memory stays bounded however large the dataset.
 */
const MAGIC = Buffer.from('DATASET-LENS-CACHE\n');
/** In the file name: a cache of another version is never opened (no warning), and removed when this one is written. */
const FORMAT_VERSION = 2;
const LOOKAHEAD = 4096;
/**
 * Frames read between two full collections. Each frame is read into a buffer of its own, and a re-run walks the
 * cache in long synchronous stretches; V8 starts a collection for buffers only once tens of MB of them are held, so
 * frames already answered, and the records decoded from them, piled up (35-47 MB of buffers at the main process's
 * peak on a re-run of 50,000 small images after one file changed).
 */
const COLLECT_AFTER_FRAME_BYTES = 16 << 20;

export interface CacheReaderOptions {
  /** A full collection (default: V8's, see fullCollection). */
  collect?: () => void;
  /** Buffer growth between two collections (default COLLECT_AFTER_FRAME_BYTES). */
  stepBytes?: number;
  /** Bytes held in array buffers now (default: process.memoryUsage()'s). */
  arrayBuffers?: () => number;
}

export interface CacheKey {
  root: string;
  engineVersion: number;
  maxPixels: number;
  /** Shard spec or other variant of the run that must not share a cache file. */
  variant?: string;
}

interface CachedRecord {
  file: string;
  size: number;
  mtimeMs: number;
  result: FileResult;
}

/** A frame of the old cache file, as stored. */
interface StoredFrame extends StoredFrameBytes {
  count: number;
}

/** Where a cached result was read: a new cache whose frame holds exactly the same records copies those bytes. */
export interface RecordOrigin {
  frame: StoredFrame;
  position: number;
}

export interface CacheHit {
  result: FileResult;
  origin: RecordOrigin;
}

export function cacheFileFor(cacheDir: string, key: CacheKey): string {
  const id = createHash('sha1')
    .update(`${key.root}\0${key.variant ?? ''}`)
    .digest('hex')
    .slice(0, 20);
  return path.join(cacheDir, `${id}.v${FORMAT_VERSION}.cache`);
}

/**
 * Removes what older versions of the cache left for the same folder and variant as `file` (its records and run
 * summary: the same name with another `.v<n>`), which this version never reads. Failures are left for later.
 */
function removeOtherVersions(file: string): void {
  const dir = path.dirname(file);
  const id = path.basename(file).split('.')[0];
  const ofThisKey = new RegExp(`^${id}\\.v(\\d+)\\.(cache|summary\\.jsonl)$`);
  try {
    for (const name of readdirSync(dir)) {
      const version = ofThisKey.exec(name)?.[1];
      if (version !== undefined && Number(version) !== FORMAT_VERSION)
        rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // An unreadable folder: the writer below says what is wrong with it.
  }
}

function headerOf(key: CacheKey) {
  return {
    format: FORMAT_VERSION,
    engine: key.engineVersion,
    maxPixels: key.maxPixels,
    root: key.root,
    variant: key.variant ?? '',
  };
}

/** Reads an old cache alongside the scan. A missing file yields no hits; a foreign or damaged one is discarded. */
export class CacheReader {
  private reader: FramedReader<CachedRecord> | undefined;
  private window: { record: CachedRecord; origin: RecordOrigin }[] = [];
  private head = 0;
  /** Why an existing cache file was not used (for a warning). */
  readonly discarded: string | undefined;
  private readonly file: string;
  /** What reading found wrong with the file: frames that failed their checksum, a missing end. */
  private damagedFrames = 0;
  private endsEarly = false;
  private readonly growth: ExternalGrowth;

  constructor(file: string, key: CacheKey, options: CacheReaderOptions = {}) {
    this.file = file;
    this.growth = new ExternalGrowth(
      options.stepBytes ?? COLLECT_AFTER_FRAME_BYTES,
      options.collect ?? fullCollection(),
      options.arrayBuffers ?? (() => process.memoryUsage().arrayBuffers),
    );
    if (!existsSync(file)) return;
    try {
      this.reader = new FramedReader<CachedRecord>(file, MAGIC, resultFrameCodec());
      if (JSON.stringify(this.reader.header) !== JSON.stringify(headerOf(key))) {
        throw new Error('made by another engine version or with other settings');
      }
    } catch (error) {
      this.reader?.close();
      this.reader = undefined;
      this.discarded = `cache ${file} discarded: ${(error as Error).message}`;
      rmSync(file, { force: true });
    }
  }

  /**
   * The cached result for this file if its size and mtime are unchanged. Frames are decoded only as far as the
   * search needs (at most LOOKAHEAD records past the last match): in a folder that mostly matches, one frame is
   * held decoded, not LOOKAHEAD records, whose results would outlive the young generation and fill the old one.
   */
  lookup(file: string, size: number, mtimeMs: number): CacheHit | undefined {
    // Matched and skipped records go a frame at a time: the results they hold are the builder's and writer's now.
    if (this.head >= FRAME_RECORDS) {
      this.window = this.window.slice(this.head);
      this.head = 0;
    }
    for (let k = this.head; ; k++) {
      while (k >= this.window.length) if (!this.readFrame()) return undefined;
      const { record, origin } = this.window[k];
      if (record.file !== file) continue;
      // Records before k belong to files that are gone: skip them for good.
      this.head = k + 1;
      return record.size === size && record.mtimeMs === mtimeMs
        ? { result: record.result, origin }
        : undefined;
    }
  }

  /** Records decoded and not yet matched or skipped. */
  get readAhead(): number {
    return this.window.length - this.head;
  }

  /**
   * Reads on as far as the look-ahead reaches (as every lookup once did), so damage or a missing end just past the
   * last record matched is still said; then lets go of the file and the records.
   */
  close(): void {
    while (this.readFrame());
    this.window = [];
    this.head = 0;
    if (this.reader) this.damagedFrames = this.reader.damagedFrames;
    this.reader?.close();
    this.reader = undefined;
  }

  /** What was wrong with the records read (their files were analysed again), for a warning; after close. */
  get damaged(): string | undefined {
    if (this.damagedFrames) {
      const frames = this.damagedFrames === 1 ? 'frame' : 'frames';
      return `cache ${this.file}: ${this.damagedFrames} damaged ${frames} skipped (checksum mismatch); their images were analysed again`;
    }
    if (this.endsEarly)
      return `cache ${this.file}: ends early (truncated); the missing images were analysed again`;
    return undefined;
  }

  /** Decodes the next frame into the window unless LOOKAHEAD records wait there already; false when none came. */
  private readFrame(): boolean {
    if (!this.reader || this.window.length - this.head >= LOOKAHEAD) return false;
    if (this.growth.due) {
      // Array buffers are freed by the collection itself (no callback on a later turn, as sharp's are).
      this.growth.collectNow();
      this.growth.settled();
    }
    const next = this.reader.nextFrameWithBytes();
    if (!next) {
      this.damagedFrames = this.reader.damagedFrames;
      this.endsEarly = !this.reader.complete;
      this.reader = undefined;
      return false;
    }
    const frame: StoredFrame = { bytes: next.bytes, crc: next.crc, count: next.records.length };
    next.records.forEach((record, position) => this.window.push({ record, origin: { frame, position } }));
    return true;
  }
}

/**
 * Writes the new cache in scan order although results arrive out of order: each waits in a small buffer until
 * every earlier scan position is in (bounded by the work in flight). Records are written in frames as the old
 * file's were, so a frame whose records all come, in order, from one frame of the old file is copied as its bytes
 * (one changed file in 50k re-serialises one frame, not a hundred). The cache is an optimisation: if it cannot be
 * written (read-only or full disk), the writer gives up, removes its temporary file and says why in `failure`;
 * the analysis goes on.
 */
export class CacheWriter {
  private writer: FramedWriter<CachedRecord> | undefined;
  /** Records in scan order; null for a file that is not cached. */
  private readonly inOrder = new InOrder<{ record: CachedRecord; origin?: RecordOrigin } | null>((item) => {
    if (!item) return;
    this.frame.push(item);
    if (this.frame.length === FRAME_RECORDS) this.writeFrame();
  });
  private frame: { record: CachedRecord; origin?: RecordOrigin }[] = [];
  failure: string | undefined;

  constructor(file: string, key: CacheKey) {
    removeOtherVersions(file);
    this.guard(
      () =>
        (this.writer = new FramedWriter<CachedRecord>(file, MAGIC, headerOf(key), resultFrameCodec(), {
          fsync: false,
        })),
    );
  }

  /**
   * Result for the entry at scan position `index`; null for one that must not be cached. `origin`: where the
   * result was read from the old cache, when it was.
   */
  put(
    index: number,
    file: string,
    size: number,
    mtimeMs: number,
    result: FileResult | null,
    origin?: RecordOrigin,
  ): void {
    if (!this.writer) return;
    this.guard(() => this.inOrder.put(index, result && { record: { file, size, mtimeMs, result }, origin }));
  }

  /** Records held back, waiting for an earlier scan position's result. */
  get waiting(): number {
    return this.inOrder.waiting;
  }

  commit(): void {
    this.guard(() => {
      this.writeFrame();
      this.writer?.commit();
    });
    this.writer = undefined;
  }

  abort(): void {
    this.writer?.abort();
    this.writer = undefined;
  }

  private writeFrame(): void {
    const frame = this.frame;
    this.frame = [];
    if (!frame.length || !this.writer) return;
    const source = frame[0].origin?.frame;
    const unchanged =
      source !== undefined &&
      source.count === frame.length &&
      frame.every(({ origin }, k) => origin?.frame === source && origin.position === k);
    if (unchanged) this.writer.writeFrameBytes(source);
    else this.writer.writeFrame(frame.map(({ record }) => record));
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.failure = `cache not written: ${(error as Error).message}`;
      this.abort();
      this.inOrder.clear();
      this.frame = [];
    }
  }
}

/**
 * Every record of the cache file of `key` in `cacheDir`, in stored order, for commands that read what an analysis
 * left without analysing (`similar`). Nothing when the file is missing, foreign or from another version; damaged
 * frames are skipped.
 */
export function* readCachedRecords(
  cacheDir: string,
  key: CacheKey,
): Generator<{ file: string; size: number; mtimeMs: number; result: FileResult }> {
  const file = cacheFileFor(cacheDir, key);
  if (!existsSync(file)) return;
  let reader: FramedReader<CachedRecord> | undefined;
  try {
    reader = new FramedReader<CachedRecord>(file, MAGIC, resultFrameCodec());
    if (JSON.stringify(reader.header) !== JSON.stringify(headerOf(key))) return;
    for (let frame = reader.nextFrame(); frame; frame = reader.nextFrame()) yield* frame;
  } catch {
    return;
  } finally {
    reader?.close();
  }
}
