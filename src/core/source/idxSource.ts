import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../util/errors';
import { fileStream, isGzip, readHead, readRawHead, readWhole } from './byteStream';
import type { Container, ContainerSet, Member } from './container';
import { IDX_IMAGES_NAME as IMAGES_NAME, IDX_LABELS_NAME as LABELS_NAME } from './containerNames';

/** The split each download prefix holds (MNIST and Fashion-MNIST call their test set t10k). */
const SPLIT_OF_PREFIX: Record<string, string> = { train: 'train', t10k: 'test', test: 'test' };

/** Unsigned bytes (the only pixel type image datasets are published in): magic 0x0000080N. */
const UBYTE = 0x08;
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;
const MEMBERS_PER_CHUNK = 256;

interface IdxHeader {
  count: number;
  rows: number;
  cols: number;
}

/**
 * The idx image files among `names` (in the folder `root`), each paired with its labels file. One pair is a
 * dataset without splits; several are its splits (train-*, t10k-* as test). A missing labels file, a wrong magic
 * number or counts that differ stop the run with one line (UsageError): no image of the pair could be labelled.
 */
export async function idxContainers(root: string, names: readonly string[]): Promise<ContainerSet> {
  const images = names.filter((n) => IMAGES_NAME.test(n)).sort();
  const byLabelsPrefix = new Map(
    names.filter((n) => LABELS_NAME.test(n)).map((n) => [LABELS_NAME.exec(n)![1], n]),
  );
  if (images.length === 0) {
    throw new UsageError(`No idx images file (…-images-idx3-ubyte[.gz]) beside ${names.join(', ')}`);
  }
  const prefixes = images.map((n) => IMAGES_NAME.exec(n)![1]);
  if (new Set(prefixes).size < prefixes.length)
    throw new UsageError(`Two idx images files share a prefix in ${root}: ${images.join(', ')}`);
  const withSplits = images.length > 1;
  const classFolders = new Map<string, Set<string>>();
  const containers: Container[] = [];
  for (const [i, name] of images.entries()) {
    const prefix = prefixes[i];
    const labelsName = byLabelsPrefix.get(prefix);
    if (!labelsName)
      throw new UsageError(`${name}: no labels file beside it (expected ${prefix}-labels-idx1-ubyte[.gz])`);
    const split = withSplits ? (SPLIT_OF_PREFIX[prefix] ?? prefix) : undefined;
    const absolute = path.join(root, name);
    const header = await imagesHeader(absolute, name);
    const labels = await readLabels(path.join(root, labelsName), labelsName, header.count, name);
    const classes = new Set<string>();
    for (const label of labels) classes.add(String(label));
    classFolders.set(split ?? '', classes);
    const { mtimeMs } = await fsp.stat(absolute);
    containers.push({
      file: name,
      absolute,
      mtimeMs,
      split,
      members: () => idxMembers(absolute, header, labels),
    });
  }
  return {
    root,
    layout: 'idx',
    // An idx labels file holds numbers only: what they stand for is in the dataset's documentation.
    numberedClasses: true,
    containers,
    classFolders,
    splitNames: withSplits ? containers.map((c) => c.split!) : [],
    warnings: [],
  };
}

async function imagesHeader(absolute: string, name: string): Promise<IdxHeader> {
  const head = await readHeadOrSay(absolute, name, IMAGES_HEADER_BYTES);
  const magic = head.length >= 4 ? head.readUInt32BE(0) : -1;
  if (head.length < IMAGES_HEADER_BYTES || magic !== ((UBYTE << 8) | 3)) {
    throw new UsageError(
      `${name}: not an idx file of 8-bit images (magic ${hex(magic)}, expected 0x00000803)`,
    );
  }
  return { count: head.readUInt32BE(4), rows: head.readUInt32BE(8), cols: head.readUInt32BE(12) };
}

async function readLabels(
  absolute: string,
  name: string,
  count: number,
  imagesName: string,
): Promise<Uint8Array> {
  const head = await readHeadOrSay(absolute, name, LABELS_HEADER_BYTES);
  const magic = head.length >= 4 ? head.readUInt32BE(0) : -1;
  if (head.length < LABELS_HEADER_BYTES || magic !== ((UBYTE << 8) | 1))
    throw new UsageError(
      `${name}: not an idx file of 8-bit labels (magic ${hex(magic)}, expected 0x00000801)`,
    );
  const labelCount = head.readUInt32BE(4);
  if (labelCount !== count)
    throw new UsageError(`${name} holds ${labelCount} labels but ${imagesName} holds ${count} images`);
  const whole = await readWhole(absolute, LABELS_HEADER_BYTES + count).catch((error: Error) => {
    throw new UsageError(`${name}: ${error.message}`);
  });
  if (whole.length < LABELS_HEADER_BYTES + count)
    throw new UsageError(`${name}: ends after ${whole.length - LABELS_HEADER_BYTES} of its ${count} labels`);
  return whole.subarray(LABELS_HEADER_BYTES);
}

async function readHeadOrSay(absolute: string, name: string, n: number): Promise<Buffer> {
  try {
    return await readHead(absolute, n);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

/** The images in file order, each its own copy of its pixels, labelled by the labels file's byte. */
async function* idxMembers(
  absolute: string,
  header: IdxHeader,
  labels: Uint8Array,
): AsyncGenerator<Member[]> {
  const { count, rows, cols } = header;
  const imageBytes = rows * cols;
  const stream = fileStream(absolute, isGzip(await readRawHead(absolute, 2)));
  let skip = IMAGES_HEADER_BYTES;
  let carry: Buffer = Buffer.alloc(0);
  let index = 0;
  let chunk: Member[] = [];
  const take = (pixels: Uint8Array) => {
    chunk.push({
      member: String(index),
      label: String(labels[index]),
      content: { kind: 'grey', format: 'idx', width: cols, height: rows, pixels },
    });
    index++;
  };
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      let data = piece;
      if (skip > 0) {
        const skipped = Math.min(skip, data.length);
        skip -= skipped;
        data = data.subarray(skipped);
      }
      if (carry.length) {
        const need = imageBytes - carry.length;
        if (data.length < need) {
          carry = Buffer.concat([carry, data]);
          continue;
        }
        take(Uint8Array.from(Buffer.concat([carry, data.subarray(0, need)])));
        carry = Buffer.alloc(0);
        data = data.subarray(need);
      }
      let at = 0;
      for (; at + imageBytes <= data.length && index < count; at += imageBytes) {
        take(new Uint8Array(data.subarray(at, at + imageBytes)));
      }
      if (index >= count) {
        if (at < data.length || skip > 0) throw new Error(`holds more bytes than its ${count} images`);
      } else carry = Buffer.from(data.subarray(at));
      if (chunk.length >= MEMBERS_PER_CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (error) {
    if (chunk.length) yield chunk;
    throw error;
  } finally {
    stream.destroy();
  }
  if (chunk.length) yield chunk;
  if (index < count) throw new Error(`ends after ${index} of its ${count} images (truncated)`);
}

function hex(n: number): string {
  return n < 0 ? 'none: too short' : `0x${n.toString(16).padStart(8, '0')}`;
}
