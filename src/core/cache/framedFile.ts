import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { ownedTempName } from './ownedTemp';

/**
 * A file of records: magic, the layout, a JSON header, then frames of records (v8-serialised record arrays, or
 * what a FrameCodec makes of them), ended by an empty frame. Used for the per-image cache and for shard
 * parts: both are streamed, never held whole.
 *
 * Every part carries a CRC-32, so a flipped bit is found rather than read as data (one flipped byte in a cache
 * once changed the "exact" statistics silently):
 *   magic | u32 LAYOUT | u32 header length | u32 crc(header) | header (JSON)
 *   frame: u32 length | u32 crc(body) | u32 crc(the 8 bytes before) | body        (end: a frame of length 0)
 * The frame head has a check of its own: a damaged body is skipped and the next frame read, where only a
 * damaged head (whose length cannot be trusted) ends the reading.
 */
export const FRAME_RECORDS = 512;

/** Bumped whenever the bytes around the records change; a reader refuses any other layout. */
const LAYOUT = 2;
const FRAME_HEAD_BYTES = 12;

/** How a frame of records becomes bytes, and back (default: v8.serialize of the array of records). */
export interface FrameCodec<T> {
  serialize(records: T[]): Buffer;
  /** Throws on bytes that are not such a frame. */
  deserialize(bytes: Buffer): T[];
}

/** Thrown by FramedReader for a file that is not of the kind asked for (another magic). */
export class ForeignFileError extends Error {
  constructor() {
    super('not a file of this kind (bad magic)');
  }
}

/** A frame's body as stored, with its checksum: what a writer copies without serialising it again. */
export interface StoredFrameBytes {
  bytes: Buffer;
  crc: number;
}

/**
 * Writes to a temporary name (ownedTempName) and renames on commit: the real name never holds a half-written file.
 * `fsync: false` for a cache, which its reader checks frame by frame and rebuilds when damaged (what a power cut
 * right after the rename may leave): commit then does not wait for the disk at the very end of a run.
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
    this.temp = ownedTempName(file);
    this.fd = openSync(this.temp, 'w');
    try {
      const headerBytes = Buffer.from(JSON.stringify(header));
      writeSync(this.fd, Buffer.concat([magic, uint32s(LAYOUT, headerBytes.length, crc32(headerBytes))]));
      writeSync(this.fd, headerBytes);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  push(record: T): void {
    this.frame.push(record);
    if (this.frame.length >= FRAME_RECORDS) this.flush();
  }

  commit(): void {
    this.flush();
    this.writeBytes({ bytes: Buffer.alloc(0), crc: 0 });
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
  writeFrameBytes(frame: StoredFrameBytes): void {
    this.flush();
    this.writeBytes(frame);
  }

  private flush(): void {
    if (!this.frame.length) return;
    const frame = this.frame;
    this.frame = [];
    this.writeBytes(this.encode(frame));
  }

  private encode(records: T[]): StoredFrameBytes {
    const bytes = this.codec ? this.codec.serialize(records) : serialize(records);
    return { bytes, crc: crc32(bytes) };
  }

  private writeBytes({ bytes, crc }: StoredFrameBytes): void {
    writeSync(this.fd, frameHead(bytes.length, crc));
    writeSync(this.fd, bytes);
  }
}

/**
 * Reads the header eagerly and frames on demand. Throws on a foreign file, another layout or a damaged header.
 * A frame that fails its checksum (or its codec) is skipped and counted in `damagedFrames`; a damaged frame head
 * or a truncated file ends the records, with `complete` false.
 */
export class FramedReader<T> {
  private fd: number | undefined;
  private offset = 0;
  private readonly size: number;
  private done = false;
  readonly header: unknown;
  /** Whether the file ended with its end marker (false if it was truncated or a frame head was damaged). */
  complete = false;
  /** Frames skipped so far because their bytes are not what was written. */
  damagedFrames = 0;

  constructor(
    file: string,
    magic: Buffer,
    private readonly codec?: FrameCodec<T>,
  ) {
    this.fd = openSync(file, 'r');
    try {
      this.size = fstatSync(this.fd).size;
      if (this.size < magic.length || !this.read(magic.length).equals(magic)) throw new ForeignFileError();
      const [layout, length, crc] = this.readUint32s(3);
      if (layout !== LAYOUT) throw new Error('made by another version of Dataset Lens (another file layout)');
      if (length > this.size - this.offset)
        throw new Error('damaged or truncated (its header runs past the end)');
      const header = this.read(length);
      if (crc32(header) !== crc) throw new Error('damaged (its header fails its checksum)');
      this.header = JSON.parse(header.toString('utf8'));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The next sound frame of records, or undefined at the end (or where the file cannot be read further). */
  nextFrame(): T[] | undefined {
    return this.nextFrameWithBytes()?.records;
  }

  /** The next sound frame's records and its bytes as stored (for FramedWriter.writeFrameBytes). */
  nextFrameWithBytes(): ({ records: T[] } & StoredFrameBytes) | undefined {
    while (!this.done) {
      let head: { length: number; crc: number } | undefined;
      let bytes: Buffer;
      try {
        head = this.readHead();
        if (!head) return undefined;
        bytes = this.read(head.length);
      } catch {
        // An I/O error: what was read stands, the rest is lost.
        this.damagedFrames++;
        return this.stop(false);
      }
      if (crc32(bytes) !== head.crc) {
        this.damagedFrames++;
        continue;
      }
      try {
        const records: unknown = this.codec ? this.codec.deserialize(bytes) : deserialize(bytes);
        if (!Array.isArray(records)) throw new Error('not an array of records');
        return { records, bytes, crc: head.crc };
      } catch {
        // Sound bytes that are not a frame (a writer with another codec): not data either way.
        this.damagedFrames++;
      }
    }
    return undefined;
  }

  close(): void {
    this.done = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The next frame's head, checked; undefined (and the reader closed) at the end or where it cannot go on. */
  private readHead(): { length: number; crc: number } | undefined {
    if (this.size - this.offset < FRAME_HEAD_BYTES) return this.stop(false);
    const head = this.read(FRAME_HEAD_BYTES);
    const length = head.readUInt32LE(0);
    const crc = head.readUInt32LE(4);
    if (crc32(head.subarray(0, 8)) !== head.readUInt32LE(8) || length > this.size - this.offset) {
      this.damagedFrames++;
      return this.stop(false);
    }
    if (length === 0) return this.stop(crc === 0);
    return { length, crc };
  }

  private stop(complete: boolean): undefined {
    this.complete = complete;
    this.close();
    return undefined;
  }

  private readUint32s(count: number): number[] {
    const bytes = this.read(4 * count);
    return Array.from({ length: count }, (_, k) => bytes.readUInt32LE(4 * k));
  }

  /** Exactly `length` bytes from the current offset; throws if the file has fewer (never allocates more). */
  private read(length: number): Buffer {
    if (length > this.size - this.offset) throw new Error('truncated (unexpected end of file)');
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd!, buffer, got, length - got, this.offset);
      if (n === 0) throw new Error('truncated (unexpected end of file)');
      got += n;
      this.offset += n;
    }
    return buffer;
  }
}

function frameHead(length: number, crc: number): Buffer {
  const head = uint32s(length, crc, 0);
  head.writeUInt32LE(crc32(head.subarray(0, 8)), 8);
  return head;
}

function uint32s(...values: number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((value, k) => bytes.writeUInt32LE(value, 4 * k));
  return bytes;
}
