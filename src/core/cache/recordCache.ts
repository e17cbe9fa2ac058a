import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../engine/fileResult';
import { FramedReader, FramedWriter } from './framedFile';
import { resultFrameCodec } from './resultFrames';

/**
 * Per-image records cached between runs, keyed by path, size and mtime. Records are stored in scan order, and
 * the scan order is stable, so a re-run reads the old cache sequentially beside the scan (a merge-join with a
 * look-ahead window): memory stays bounded however large the dataset.
 */
const MAGIC = Buffer.from('DATASET-LENS-CACHE\n');
const FORMAT_VERSION = 1;
const LOOKAHEAD = 4096;

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

export function cacheFileFor(cacheDir: string, key: CacheKey): string {
  const id = createHash('sha1')
    .update(`${key.root}\0${key.variant ?? ''}`)
    .digest('hex')
    .slice(0, 20);
  return path.join(cacheDir, `${id}.v${FORMAT_VERSION}.cache`);
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
  private window: CachedRecord[] = [];
  private head = 0;
  /** Why an existing cache file was not used (for a warning). */
  readonly discarded: string | undefined;

  constructor(file: string, key: CacheKey) {
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

  /** The cached result for this file if its size and mtime are unchanged. */
  lookup(file: string, size: number, mtimeMs: number): FileResult | undefined {
    this.fill();
    for (let k = this.head; k < this.window.length; k++) {
      if (this.window[k].file !== file) continue;
      // Records before k belong to files that are gone: skip them for good.
      this.head = k + 1;
      const record = this.window[k];
      return record.size === size && record.mtimeMs === mtimeMs ? record.result : undefined;
    }
    return undefined;
  }

  close(): void {
    this.reader?.close();
  }

  private fill(): void {
    if (this.head > LOOKAHEAD) {
      this.window = this.window.slice(this.head);
      this.head = 0;
    }
    while (this.reader && this.window.length - this.head < LOOKAHEAD) {
      const frame = this.reader.nextFrame();
      if (!frame) {
        this.reader = undefined;
        break;
      }
      for (const record of frame) this.window.push(record);
    }
  }
}

/**
 * Writes the new cache in scan order although results arrive out of order: each waits in a small buffer until
 * every earlier scan position is in (bounded by the work in flight). The cache is an optimisation: if it cannot
 * be written (read-only or full disk), the writer gives up, removes its temporary file and says why in
 * `failure`; the analysis goes on.
 */
export class CacheWriter {
  private writer: FramedWriter<CachedRecord> | undefined;
  private readonly pending = new Map<number, CachedRecord | null>();
  private next = 0;
  failure: string | undefined;

  constructor(file: string, key: CacheKey) {
    this.guard(
      () => (this.writer = new FramedWriter<CachedRecord>(file, MAGIC, headerOf(key), resultFrameCodec())),
    );
  }

  /** Result for the entry at scan position `index`; null for one that must not be cached. */
  put(index: number, file: string, size: number, mtimeMs: number, result: FileResult | null): void {
    if (!this.writer) return;
    this.pending.set(index, result && { file, size, mtimeMs, result });
    this.guard(() => {
      while (this.pending.has(this.next)) {
        const record = this.pending.get(this.next)!;
        this.pending.delete(this.next++);
        if (record) this.writer!.push(record);
      }
    });
  }

  commit(): void {
    this.guard(() => this.writer?.commit());
    this.writer = undefined;
  }

  abort(): void {
    this.writer?.abort();
    this.writer = undefined;
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.failure = `cache not written: ${(error as Error).message}`;
      this.abort();
      this.pending.clear();
    }
  }
}
