import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { containerPlan } from '../source/container';
import { findContainers } from '../source/findContainers';
import { withClassNames } from '../source/classNames';
import { UsageError } from '../util/errors';
import { readCsvLabels } from './csvLabels';
import { EXCLUDE_FILE, readExcludeList, type ExcludeList } from './excludeList';
import { isImageName, splitNameOf } from './formats';
import { nameFromBytes, type Name } from './names';
import { joinBytes, walkImageChunks, type WalkCounters, type WalkedFile, type WalkOptions } from './walk';
import { judgeLink, realPathOf, walkScope, type WalkScope } from './walkScope';
import type { FileEntry, ScanOptions, ScanPlan } from './scanPlan';

/** Decides the layout of `root` from its top-level folders (or a CSV), without walking the whole tree. */
export async function planScan(root: string, options: ScanOptions = {}): Promise<ScanPlan> {
  const containers = await findContainers(root);
  if (containers) {
    if (options.labelsCsv)
      throw new UsageError(`--labels does not apply to ${containers.layout} files: they hold their labels`);
    return containerPlan(
      withClassNames(containers, options.classNames),
      await readExcludeList(containers.root),
    );
  }
  if (typeof options.classNames === 'string')
    throw new UsageError(`--class-names applies to idx and Parquet files; ${root} is an image folder`);
  const absRoot = path.resolve(root);
  let rootStat;
  try {
    rootStat = await fsp.stat(absRoot);
  } catch {
    throw new UsageError(`Dataset folder not found: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new UsageError(`Not a folder: ${root}`);

  const walk = { stat: options.statFiles ?? true };
  const external = options.followExternalLinks ?? false;
  /** A fresh scope for each walk of the plan, shared by the folders it starts from. */
  const scopeOf = (starts: Name[][]) =>
    walkScope(
      Buffer.from(absRoot),
      starts.map((segments) => joinBytes(Buffer.from(absRoot), segments)),
      external,
    );
  const exclude = await readExcludeList(absRoot);
  const kept = (dirs: Name[], parent = '') => dirs.filter((d) => !exclude?.excludes(`${parent}${d.text}/`));
  const chunked = (entryChunks: (counters: WalkCounters) => AsyncGenerator<FileEntry[]>) =>
    excluding(exclude, entryChunks);
  if (options.labelsCsv)
    return planCsv(absRoot, options.labelsCsv, walk, () => scopeOf([[]]), exclude, chunked);

  const outsideScope = await scopeOf([]);
  const unfollowedClassLinks = new Map<string, Set<string>>();
  /** Class folders below `segments`, noting those that are links the walk will not follow out of the dataset. */
  const classFoldersOf = async (key: string, segments: Name[]) => {
    const unfollowed = new Set<string>();
    const names = await subfolders(absRoot, segments, async (link) =>
      judgeLink(outsideScope, await realPathOf(link), true) === 'outside' ? unfollowed : undefined,
    );
    if (unfollowed.size) unfollowedClassLinks.set(key, unfollowed);
    return names;
  };
  // Excluded folders are still walked (their files are counted as excluded, whatever the layout), not listed.
  const top = await classFoldersOf('', []);
  const splitDirs = top.filter((d) => splitNameOf(d.text) !== undefined);
  const warnings: string[] = [];
  const classFolders = new Map<string, Set<string>>();

  if (splitDirs.length > 0) {
    const others = top.filter((d) => splitNameOf(d.text) === undefined).map((d) => d.text);
    if (others.length) warnings.push(`Folders outside any split were ignored: ${others.join(', ')}`);
    for (const split of kept(splitDirs)) {
      const classes = kept(await classFoldersOf(split.text, [split]), `${split.text}/`);
      classFolders.set(split.text, new Set(classes.map((d) => d.text)));
    }
    unfollowedClassLinks.delete(''); // a split folder linked outside: the walk's count of such links says it
    unfollowedClassWarning(unfollowedClassLinks, warnings);
    return {
      root: absRoot,
      layout: 'splits',
      classFolders,
      unfollowedClassLinks,
      splitNames: kept(splitDirs).map((d) => d.text),
      warnings,
      excludePatterns: exclude?.patterns ?? [],
      missingFromDisk: () => [],
      ...chunked(async function* (counters) {
        const scope = await scopeOf(splitDirs.map((split) => [split]));
        for (const split of splitDirs) {
          for await (const chunk of walkImageChunks(absRoot, scope, counters, [split], walk)) {
            yield chunk.map((walked) => {
              const hasClass = walked.segments.length > 2;
              return toEntry(walked, hasClass ? walked.segments[1].text : undefined, split.text);
            });
          }
        }
        await countRootImages(absRoot, counters, warnings, 'not inside a split folder');
      }),
    };
  }

  if (top.length > 0) {
    classFolders.set('', new Set(kept(top).map((d) => d.text)));
    unfollowedClassWarning(unfollowedClassLinks, warnings);
    if (top.length === 1) await wrappedSplitsWarning(absRoot, top[0], warnings);
    return {
      root: absRoot,
      layout: 'imagefolder',
      classFolders,
      unfollowedClassLinks,
      splitNames: [],
      warnings,
      excludePatterns: exclude?.patterns ?? [],
      missingFromDisk: () => [],
      ...chunked(async function* (counters) {
        const scope = await scopeOf(top.map((dir) => [dir]));
        for (const dir of top) {
          for await (const chunk of walkImageChunks(absRoot, scope, counters, [dir], walk))
            yield chunk.map((walked) => toEntry(walked, dir.text, undefined));
        }
        await countRootImages(absRoot, counters, warnings, 'not inside a class folder');
      }),
    };
  }

  return {
    root: absRoot,
    layout: 'flat',
    classFolders,
    splitNames: [],
    warnings,
    excludePatterns: exclude?.patterns ?? [],
    missingFromDisk: () => [],
    ...chunked(async function* (counters) {
      const scope = await scopeOf([[]]);
      for await (const chunk of walkImageChunks(absRoot, scope, counters, [], walk))
        yield chunk.map((walked) => toEntry(walked, undefined, undefined));
    }),
  };
}

async function planCsv(
  absRoot: string,
  csvPath: string,
  walk: WalkOptions,
  scopeOf: () => Promise<WalkScope>,
  exclude: ExcludeList | undefined,
  chunked: (
    entryChunks: (counters: WalkCounters) => AsyncGenerator<FileEntry[]>,
  ) => ReturnType<typeof excluding>,
): Promise<ScanPlan> {
  const labels = await readCsvLabels(csvPath);
  const seen = new Set<string>();
  const splitNames = [
    ...new Set([...labels.byFile.values()].map((v) => v.split).filter((s): s is string => !!s)),
  ].sort();
  const classFolders = new Map<string, Set<string>>();
  return {
    root: absRoot,
    layout: 'csv',
    classFolders,
    splitNames,
    warnings: labels.warnings,
    excludePatterns: exclude?.patterns ?? [],
    missingFromDisk: () =>
      [...labels.byFile.keys(), ...labels.rejected.keys()].filter((f) => !seen.has(f)).sort(),
    ...chunked(async function* (counters) {
      for await (const chunk of walkImageChunks(absRoot, await scopeOf(), counters, [], walk)) {
        yield chunk.map((walked) => {
          const row = labels.byFile.get(walked.file);
          const rejected = row ? undefined : labels.rejected.get(walked.file);
          if (row || rejected) seen.add(walked.file);
          const entry = toEntry(walked, row?.label, row?.split);
          if (rejected) entry.labelIssue = rejected;
          return entry;
        });
      }
    }),
  };
}

/**
 * A plan's two views of its walk, chunks and entries one by one on top of them, without the files the exclude list
 * names (counted in `counters.excluded`).
 */
function excluding(
  exclude: ExcludeList | undefined,
  walked: (counters: WalkCounters) => AsyncGenerator<FileEntry[]>,
): Pick<ScanPlan, 'entries' | 'entryChunks'> {
  const entryChunks = !exclude
    ? walked
    : async function* (counters: WalkCounters) {
        for await (const chunk of walked(counters)) {
          const kept = chunk.filter((entry) => !exclude.excludes(entry.file));
          counters.excluded += chunk.length - kept.length;
          if (kept.length) yield kept;
        }
      };
  return {
    entryChunks,
    async *entries(counters) {
      for await (const chunk of entryChunks(counters)) yield* chunk;
    },
  };
}

/** What the report says of the excluded files (the counter itself is in `skipped`). */
export function excludedWarning(excluded: number): string[] {
  return excluded ? [`${excluded} file(s) excluded by ${EXCLUDE_FILE}`] : [];
}

function toEntry(walked: WalkedFile, label?: string, split?: string): FileEntry {
  return {
    file: walked.file,
    open: walked.open,
    size: walked.size,
    mtimeMs: walked.mtimeMs,
    label,
    split,
  };
}

/**
 * Folders below `segments` (links to folders too, as ImageFolder lists them); `noteLink` gives the set a link's
 * name is added to when the walk will not follow it.
 */
async function subfolders(
  absRoot: string,
  segments: Name[],
  noteLink: (link: Buffer) => Promise<Set<string> | undefined>,
): Promise<Name[]> {
  const dir = Buffer.concat([
    Buffer.from(absRoot),
    ...segments.flatMap((s) => [Buffer.from(path.sep), s.bytes]),
  ]);
  const entries = await fsp.readdir(dir, { encoding: 'buffer', withFileTypes: true });
  const out: Name[] = [];
  for (const entry of entries) {
    const name = nameFromBytes(entry.name);
    if (name.text.startsWith('.')) continue;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const link = Buffer.concat([dir, Buffer.from(path.sep), entry.name]);
      isDir = await fsp
        .stat(link)
        .then((s) => s.isDirectory())
        .catch(() => false);
      if (isDir) (await noteLink(link))?.add(name.text);
    }
    if (isDir) out.push(name);
  }
  return out.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
}

/**
 * A dataset wrapped in one more folder (images/train/<class>, as detection and segmentation sets ship) reads as
 * one class named after the wrapper: say so, and where the splits are.
 */
async function wrappedSplitsWarning(absRoot: string, only: Name, warnings: string[]): Promise<void> {
  const inner = await subfolders(absRoot, [only], async () => undefined).catch(() => []);
  const splits = inner.filter((d) => splitNameOf(d.text) !== undefined).map((d) => d.text);
  if (splits.length)
    warnings.push(
      `The only class folder, "${only.text}", holds split folders (${splits.join(', ')}): to read them as splits and their folders as classes, analyse "${only.text}" itself`,
    );
}

/** Says which class folders are links left unfollowed: their classes count no image, yet they are not empty. */
function unfollowedClassWarning(links: Map<string, Set<string>>, warnings: string[]): void {
  const names = [...links].flatMap(([split, set]) => [...set].map((c) => (split ? `${split}/${c}` : c)));
  if (names.length)
    warnings.push(
      `Class folder(s) linked outside the dataset, not followed: ${names.join(', ')} (their images are not counted; --follow-external-links reads them)`,
    );
}

/** Images lying next to class/split folders are not part of any class: count them and say so. */
async function countRootImages(
  absRoot: string,
  counters: WalkCounters,
  warnings: string[],
  why: string,
): Promise<void> {
  const entries = await fsp.readdir(absRoot, { withFileTypes: true });
  const loose = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && isImageName(e.name));
  if (loose.length) {
    counters.ignoredLoose += loose.length;
    warnings.push(`${loose.length} image file(s) at the top level were ignored (${why})`);
  }
}
