import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { HOST_PATHS, isWithin, type PathFlavour } from '../util/pathContainment';

/**
 * Where one walk of a dataset may go, shared by every folder it starts from: a folder is entered once, whatever
 * path leads there, and a link leaving the dataset folder is followed only when asked.
 */
export interface WalkScope {
  /** The dataset folder's real path (real paths here are byte strings: see realPathOf). */
  rootReal: string;
  /** Real paths of the folders the walk lists by their own path (its starting folders that are not links). */
  listedReal: string[];
  followExternalLinks: boolean;
  /** device:inode of every folder entered. */
  visited: Set<string>;
}

/**
 * What the walk does with a link: follows it; leaves it, as it leads outside the dataset folder; or leaves it, as
 * it leads to a folder the walk lists by another path (a loop back to an ancestor, an alias of a class folder).
 */
export type LinkVerdict = 'follow' | 'outside' | 'again';

/** Real paths compared byte for byte: latin1 maps each byte to one character (names need not be UTF-8). */
const REAL_ENCODING: BufferEncoding = process.platform === 'win32' ? 'utf8' : 'latin1';

/** Byte strings cannot be case-folded: case is ignored only on Windows, where real paths are UTF-8 text. */
const REAL_PATHS: PathFlavour = { style: HOST_PATHS.style, ignoreCase: HOST_PATHS.style === 'win32' };

export async function realPathOf(file: Buffer): Promise<string> {
  return fsp.realpath(file, { encoding: REAL_ENCODING });
}

/** The scope of a walk of `root` that starts from `starts` (paths below the root, as bytes). */
export async function walkScope(
  root: Buffer,
  starts: Buffer[],
  followExternalLinks: boolean,
): Promise<WalkScope> {
  const listedReal: string[] = [];
  for (const start of starts) {
    const stats = await fsp.lstat(start).catch(() => undefined);
    if (stats?.isDirectory()) listedReal.push(await realPathOf(start));
  }
  return { rootReal: await realPathOf(root), listedReal, followExternalLinks, visited: new Set() };
}

/**
 * The verdict on a link to a folder (`isFolder`) or a file whose real path is `real`. A folder is listed by
 * another path when it lies inside a listed folder with no hidden folder on the way (the walk skips those), or
 * holds one (entering it would list that folder again, and what lies beside it, under this link's name).
 */
export function judgeLink(scope: WalkScope, real: string, isFolder: boolean): LinkVerdict {
  if (!isWithin(scope.rootReal, real, REAL_PATHS) && !scope.followExternalLinks) return 'outside';
  if (!isFolder) return 'follow';
  const again = scope.listedReal.some(
    (listed) =>
      isWithin(real, listed, REAL_PATHS) ||
      (isWithin(listed, real, REAL_PATHS) && !hiddenOnTheWay(listed, real)),
  );
  return again ? 'again' : 'follow';
}

function hiddenOnTheWay(from: string, to: string): boolean {
  return path
    .relative(from, to)
    .split(path.sep)
    .some((part) => part.startsWith('.'));
}

/** Marks a folder entered; false when it had been entered already. */
export function enterOnce(scope: WalkScope, stats: { dev: number; ino: number }): boolean {
  const key = `${stats.dev}:${stats.ino}`;
  if (scope.visited.has(key)) return false;
  scope.visited.add(key);
  return true;
}
