import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * A file of records: magic, a JSON header, then length-prefixed frames (v8-serialised record arrays, or what a
 * FrameCodec makes of them), ended by a zero length. Used for the per-image cache and for shard partials: both are
 * streamed, never held whole.
 */
export const FRAME_RECORDS = 512;

/** How a frame of records becomes bytes, and back (default: v8.serialize of the array of records). */
export interface FrameCodec<T> {
  serialize(records: T[]): Buffer;
  /** Throws on bytes that are not such a frame. */
  deserialize(bytes: Buffer): T[];
}

/**
 * Writes to a temporary name and renames on commit: the real name never holds a half-written file. `fsync: false`
 * for a cache, which its reader checks frame by frame and rebuilds when damaged (what a power cut right after the
 * rename may leave): commit then does not wait for the disk (~40 ms for the 43 MB cache of 50k tiny images here,
 * more on a slow disk, at the very end of a run).
 */
export class FramedWriter<T> {
  private readonly fd: number;
  private readonly temp: string;
  private frame: T[] = [];

  constructor(
    private readonly file: string,
    magic: Buffer,
    header: unknown,
    private readonly codec?: FrameCodec<T>,
    private readonly options = { fsync: true },
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    this.fd = openSync(this.temp, 'w');
    const headerBytes = Buffer.from(JSON.stringify(header));
    writeSync(this.fd, magic);
    writeSync(this.fd, uint32(headerBytes.length));
    writeSync(this.fd, headerBytes);
  }

  push(record: T): void {
    this.frame.push(record);
    if (this.frame.length >= FRAME_RECORDS) this.flush();
  }

  commit(): void {
    this.flush();
    writeSync(this.fd, uint32(0));
    if (this.options.fsync) fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.temp, this.file);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temp, { force: true });
  }

  /** Writes `records` as one frame of their own now (after any pushed before). */
  writeFrame(records: T[]): void {
    this.flush();
    this.writeBytes(this.encode(records));
  }

  /** Writes a frame as a reader gave it (FramedReader.nextFrameWithBytes), without serialising it again. */
  writeFrameBytes(bytes: Buffer): void {
    this.flush();
    this.writeBytes(bytes);
  }

  private flush(): void {
    if (!this.frame.length) return;
    const frame = this.frame;
    this.frame = [];
    this.writeBytes(this.encode(frame));
  }

  private encode(records: T[]): Buffer {
    return this.codec ? this.codec.serialize(records) : serialize(records);
  }

  private writeBytes(bytes: Buffer): void {
    writeSync(this.fd, uint32(bytes.length));
    writeSync(this.fd, bytes);
  }
}

/** Reads the header eagerly and frames on demand. Throws on a foreign file; a damaged tail ends the records. */
export class FramedReader<T> {
  private fd: number | undefined;
  private offset = 0;
  private done = false;
  readonly header: unknown;

  constructor(
    file: string,
    magic: Buffer,
    private readonly codec?: FrameCodec<T>,
  ) {
    this.fd = openSync(file, 'r');
    try {
      if (!this.read(magic.length).equals(magic)) throw new Error('not a file of this kind (bad magic)');
      this.header = JSON.parse(this.read(this.readLength()).toString('utf8'));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The next frame of records, or undefined at the end (or at a damaged frame). */
  nextFrame(): T[] | undefined {
    return this.nextFrameWithBytes()?.records;
  }

  /** The next frame's records and its bytes as stored (for FramedWriter.writeFrameBytes). */
  nextFrameWithBytes(): { records: T[]; bytes: Buffer } | undefined {
    if (this.done) return undefined;
    try {
      const length = this.readLength();
      if (length === 0) throw new Error('end');
      const bytes = this.read(length);
      const records: unknown = this.codec ? this.codec.deserialize(bytes) : deserialize(bytes);
      if (!Array.isArray(records)) throw new Error('bad frame');
      return { records, bytes };
    } catch {
      this.close();
      return undefined;
    }
  }

  /** Whether the file ended with its end marker (false if it was truncated or damaged). */
  complete = false;

  close(): void {
    this.done = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private readLength(): number {
    const bytes = this.read(4);
    const length = bytes.readUInt32LE(0);
    if (length === 0) this.complete = true;
    return length;
  }

  private read(length: number): Buffer {
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd!, buffer, got, length - got, this.offset);
      if (n === 0) throw new Error('unexpected end of file');
      got += n;
      this.offset += n;
    }
    return buffer;
  }
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}
