import { promises as fsp, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { isImageName } from './formats';
import { fileErrorMessage } from '../util/errors';
import { compareNames } from '../util/names';
import { nameFromBytes, nameFromText, type Name } from './names';
import { enterOnce, judgeLink, realPathOf, type WalkScope } from './walkScope';

/** One image candidate found by the walk. */
export interface WalkedFile {
  /** Path components below the root, in order. */
  segments: Name[];
  /** The same, as shown: '/'-separated, invalid UTF-8 as U+FFFD (displayPath of segments). */
  file: string;
  /** Absolute path to open; a Buffer when some component is not valid UTF-8. */
  open: string | Buffer;
  /** -1 when the walk did not stat files (WalkOptions.stat). */
  size: number;
  mtimeMs: number;
}

export interface WalkCounters {
  hidden: number;
  nonImage: number;
  /** Links to a folder the walk lists by another path (a loop, an alias), or that it had entered already. */
  symlinkLoops: number;
  /** Links leading outside the dataset folder (to a folder, or to a file named like an image), not followed. */
  outsideRoot: number;
  /** Images beside the class or split folders, which belong to no class. */
  ignoredLoose: number;
  /** Images the dataset's .datasetlensignore leaves out (see excludeList). */
  excluded: number;
  /** Entries that could not be listed or stat'ed (permissions, races); the walk goes on. */
  unlistable: { file: string; message: string }[];
}

export interface WalkOptions {
  /** Stat each file for size and mtime (default true); without, both are -1 (see ScanOptions.statFiles). */
  stat?: boolean;
}

export function emptyCounters(): WalkCounters {
  return {
    hidden: 0,
    nonImage: 0,
    symlinkLoops: 0,
    outsideRoot: 0,
    ignoredLoose: 0,
    excluded: 0,
    unlistable: [],
  };
}

/** Most files per chunk the walk yields: bounds what a chunk holds in a folder of a million files. */
const CHUNK_FILES = 256;

/**
 * Depth-first walk that yields image candidates in a stable order (entries sorted by their bytes), in chunks:
 * one await per chunk rather than one per file through every layer of generators above it (a large share of
 * the main process's allocations, measured). Streams: one directory listing at a time. Files are
 * stat'ed synchronously (an order of magnitude cheaper than through the promise API, measured): the scan
 * runs in the CLI or the engine process, never on the VS Code extension host's thread.
 * Never enters a folder twice (device + inode) across every walk of one `scope`, and follows a link to a folder
 * only when no other path of the walk lists that folder (see judgeLink): an image is listed once, under the
 * label of its own path. Links leaving the dataset folder are counted, and followed only when the scope says so.
 * Entries named like images that are neither files nor folders (a FIFO, a device) are listed: reading refuses
 * them with a reason, rather than the walk dropping them unsaid.
 */
export async function* walkImageChunks(
  root: string,
  scope: WalkScope,
  counters: WalkCounters,
  prefix: Name[] = [],
  options: WalkOptions = {},
): AsyncGenerator<WalkedFile[]> {
  const rootBytes = Buffer.from(root);
  if (await enterFolder(rootBytes, prefix, scope, counters, prefix.length > 0))
    yield* walkDir(rootBytes, prefix, counters, scope, options.stat ?? true);
}

/** Whether the walk goes into the folder `segments` (`mayBeLink`: it was listed as a link, or may be one). */
async function enterFolder(
  rootBytes: Buffer,
  segments: Name[],
  scope: WalkScope,
  counters: WalkCounters,
  mayBeLink: boolean,
): Promise<boolean> {
  const dir = joinBytes(rootBytes, segments);
  try {
    if (mayBeLink && (await fsp.lstat(dir)).isSymbolicLink()) {
      const verdict = judgeLink(scope, await realPathOf(dir), true);
      if (verdict === 'outside') counters.outsideRoot++;
      if (verdict === 'again') counters.symlinkLoops++;
      if (verdict !== 'follow') return false;
    }
    if (enterOnce(scope, await fsp.stat(dir))) return true;
    counters.symlinkLoops++;
  } catch (error) {
    counters.unlistable.push({ file: displayPath(segments), message: fileErrorMessage(error) });
  }
  return false;
}

async function* walkDir(
  rootBytes: Buffer,
  segments: Name[],
  counters: WalkCounters,
  scope: WalkScope,
  statFiles: boolean,
): AsyncGenerator<WalkedFile[]> {
  const dirOpen = openPath(rootBytes, segments);
  let entries;
  try {
    entries = await listFolder(dirOpen);
  } catch (error) {
    counters.unlistable.push({ file: displayPath(segments), message: fileErrorMessage(error) });
    return;
  }
  const files: Name[] = [];
  const dirs: { name: Name; link: boolean }[] = [];
  for (const { name, entry } of entries) {
    if (name.text.startsWith('.')) {
      counters.hidden++;
      continue;
    }
    if (entry.isDirectory()) dirs.push({ name, link: false });
    else if (entry.isSymbolicLink()) {
      const link = joinBytes(rootBytes, [...segments, name]);
      const target = await statOrNull(link);
      if (target?.isDirectory()) dirs.push({ name, link: true });
      else if (!isImageName(name.text)) counters.nonImage++;
      // A broken link is listed: reading it says why it cannot be read.
      else if (!target || judgeLink(scope, await realPathOf(link), false) === 'follow') files.push(name);
      else counters.outsideRoot++;
    } else if (isImageName(name.text)) files.push(name);
    else counters.nonImage++;
  }
  // The folder's path once, each file's by one concatenation: a million files are a million stats, nothing more.
  const dirPrefix = typeof dirOpen === 'string' && !dirOpen.endsWith(path.sep) ? dirOpen + path.sep : dirOpen;
  const dirDisplay = segments.length ? displayPath(segments) + '/' : '';
  let chunk: WalkedFile[] = [];
  for (const name of files) {
    const fileSegments = [...segments, name];
    const open =
      typeof dirPrefix === 'string' && name.valid
        ? dirPrefix + name.text
        : joinBytes(rootBytes, fileSegments);
    const file = dirDisplay + name.text;
    if (!statFiles) chunk.push({ segments: fileSegments, file, open, size: -1, mtimeMs: -1 });
    else {
      try {
        const stats = statSync(open);
        chunk.push({ segments: fileSegments, file, open, size: stats.size, mtimeMs: stats.mtimeMs });
      } catch (error) {
        counters.unlistable.push({ file, message: fileErrorMessage(error) });
      }
    }
    if (chunk.length === CHUNK_FILES) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
  for (const { name, link } of dirs) {
    const dirSegments = [...segments, name];
    if (await enterFolder(rootBytes, dirSegments, scope, counters, link))
      yield* walkDir(rootBytes, dirSegments, counters, scope, statFiles);
  }
}

interface Listed {
  name: Name;
  entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean };
}

/**
 * A folder's entries in the order of their bytes. Listed as strings: a Buffer per name made the walk take twice
 * as long (measured). Node turns bytes that are not UTF-8 into U+FFFD, so a
 * folder where a name holds one is listed again by bytes (a real U+FFFD in a name only costs that second listing).
 */
async function listFolder(dir: string | Buffer): Promise<Listed[]> {
  if (typeof dir === 'string') {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    if (!entries.some((entry) => entry.name.includes('\uFFFD'))) {
      // Code-point order is UTF-8 byte order: the same order as the byte listing below.
      entries.sort((a, b) => compareNames(a.name, b.name));
      return entries.map((entry) => ({ name: nameFromText(entry.name), entry }));
    }
  }
  const entries = await fsp.readdir(dir, { encoding: 'buffer', withFileTypes: true });
  entries.sort((a, b) => Buffer.compare(a.name, b.name));
  return entries.map((entry) => ({ name: nameFromBytes(entry.name), entry }));
}

async function statOrNull(p: Buffer): Promise<Stats | null> {
  try {
    return await fsp.stat(p);
  } catch {
    return null;
  }
}

export function joinBytes(rootBytes: Buffer, segments: Name[]): Buffer {
  const sep = Buffer.from(path.sep);
  const parts: Buffer[] = [rootBytes];
  for (const s of segments) parts.push(sep, s.bytes);
  return Buffer.concat(parts);
}

function openPath(rootBytes: Buffer, segments: Name[]): string | Buffer {
  if (segments.every((s) => s.valid)) return path.join(rootBytes.toString(), ...segments.map((s) => s.text));
  return joinBytes(rootBytes, segments);
}

export function displayPath(segments: Name[]): string {
  return segments.map((s) => s.text).join('/');
}
