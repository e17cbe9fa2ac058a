import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { extract, type Header } from 'tar-stream';
import { isImageName } from '../scan/formats';
import { messageOf } from '../util/errors';
import { fileStream, isGzip, readRawHead } from './byteStream';
import type { Container, ContainerSet, Member } from './container';
import { splitOfParquetName as splitOfShardName } from './parquetSource';

const MEMBERS_PER_CHUNK = 64;
/** A label file (.cls, .json) larger than this is not a label. */
const MAX_LABEL_BYTES = 64 * 1024;
/** An image member larger than this is refused unread (its bytes would be held whole). */
const MAX_IMAGE_BYTES = 1 << 30;

/**
 * WebDataset shards: tar files whose members are grouped into samples by key (the member name up to the first
 * dot of its last part: `dir/000123.jpg` and `dir/000123.cls` are one sample), an image (any image extension)
 * with its label in `.cls` (a class number or name) or `.json` (`label`, `cls` or `class`). `names` are the shard
 * files below `root`, in order; a name that does not exist is one issue. Splits from shard names (`train-000.tar`).
 */
export async function tarContainers(root: string, names: readonly string[]): Promise<ContainerSet> {
  const containers: Container[] = [];
  for (const name of names) {
    const absolute = path.join(root, name);
    const stats = await fsp.stat(absolute).catch((error: unknown) => new Error(messageOf(error)));
    containers.push({
      file: name,
      absolute,
      mtimeMs: stats instanceof Error ? 0 : stats.mtimeMs,
      split: splitOfShardName(path.basename(name)),
      members: () => (stats instanceof Error ? failing(stats) : tarMembers(absolute)),
    });
  }
  const splitNames = [...new Set(containers.map((c) => c.split).filter((s): s is string => !!s))].sort();
  // WebDataset writers mostly store a class number in .cls: the first label read decides for the set.
  const numberedClasses = /^\d+$/.test((await firstLabel(containers)) ?? '');
  return {
    root,
    layout: 'webdataset',
    containers,
    classFolders: new Map(),
    splitNames,
    warnings: [],
    ...(numberedClasses ? { numberedClasses } : {}),
  };
}

/** The first label among the first samples of the first readable shard (a damaged one says so when it is read). */
async function firstLabel(containers: readonly Container[]): Promise<string | undefined> {
  for (const container of containers) {
    try {
      for await (const chunk of container.members()) {
        return chunk.find((member) => member.label !== undefined)?.label;
      }
    } catch {
      // Read again, and reported, with the others.
    }
  }
  return undefined;
}

// eslint-disable-next-line require-yield
async function* failing(error: Error): AsyncGenerator<Member[]> {
  throw error;
}

interface Sample {
  key: string;
  image?: { name: string; bytes: Buffer };
  label?: string;
  /** Why the sample's label file gives no label (it then has none, and says so as an unusable_label issue). */
  labelIssue?: string;
}

/** The shard's samples in order, each held only until the next key starts. */
async function* tarMembers(absolute: string): AsyncGenerator<Member[]> {
  const input = fileStream(absolute, isGzip(await readRawHead(absolute, 2)));
  const tar = extract();
  input.on('error', (error) => tar.destroy(error));
  input.pipe(tar as unknown as NodeJS.WritableStream);
  let sample: Sample | undefined;
  let chunk: Member[] = [];
  const finish = () => {
    if (sample?.image) {
      const { image, label, labelIssue } = sample;
      chunk.push({ member: image.name, label, labelIssue, content: { kind: 'encoded', bytes: image.bytes } });
    }
    sample = undefined;
  };
  try {
    for await (const entry of tar) {
      const { header } = entry;
      if (header.type !== 'file' || !header.size) {
        entry.resume();
        continue;
      }
      const key = keyOf(header.name);
      if (sample?.key !== key.key) {
        finish();
        sample = { key: key.key };
        if (chunk.length >= MEMBERS_PER_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
      const part = await partOf(entry, header, key.extension);
      if (part.image && !sample!.image) sample!.image = { name: header.name, bytes: part.image };
      if (part.label !== undefined) sample!.label = part.label;
      if (part.labelIssue !== undefined) sample!.labelIssue = part.labelIssue;
    }
    finish();
  } catch (error) {
    finish();
    if (chunk.length) yield chunk;
    throw new Error(`tar data: ${messageOf(error)}`, { cause: error });
  } finally {
    input.destroy();
  }
  if (chunk.length) yield chunk;
}

/** A member as tar-stream gives it: its bytes, a chunk at a time (Buffers). */
type TarEntry = AsyncIterable<unknown> & { resume(): void };

function keyOf(name: string): { key: string; extension: string } {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot < 0
    ? { key: name, extension: '' }
    : { key: name.slice(0, dot), extension: name.slice(dot + 1).toLowerCase() };
}

/** What one member adds to its sample: the image's bytes, or a label; other members are skipped unread. */
async function partOf(
  entry: TarEntry,
  header: Header,
  extension: string,
): Promise<{ image?: Buffer; label?: string; labelIssue?: string }> {
  const size = header.size ?? 0;
  const isImage = isImageName(`x.${extension}`);
  const isLabel = extension === 'cls' || extension === 'json';
  if ((!isImage && !isLabel) || (isLabel && size > MAX_LABEL_BYTES) || size > MAX_IMAGE_BYTES) {
    entry.resume();
    return {};
  }
  const pieces: Buffer[] = [];
  for await (const piece of entry) pieces.push(piece as Buffer);
  const bytes = Buffer.concat(pieces);
  if (isImage) return { image: bytes };
  const label = extension === 'cls' ? clsLabel(bytes) : jsonLabel(bytes);
  return label === undefined ? { labelIssue: `${header.name} gives no label` } : { label };
}

/** `.cls`: a class number (or name) as text. */
function clsLabel(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8').trim();
  return text || undefined;
}

/** `.json`: the `label`, `cls` or `class` field, a number or a non-empty string. */
function jsonLabel(bytes: Buffer): string | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Record<string, unknown> | null;
    const label = value?.label ?? value?.cls ?? value?.class;
    if (typeof label === 'number' && Number.isFinite(label)) return String(label);
    return typeof label === 'string' && label.trim() ? label.trim() : undefined;
  } catch {
    return undefined;
  }
}
