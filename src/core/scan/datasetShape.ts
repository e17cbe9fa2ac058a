import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { isImageName, splitNameOf } from './formats';

/** How a folder looks as a dataset root, from its first two levels only (no full walk). */
export type DatasetShape =
  | { kind: 'splits'; splits: string[] }
  /** `nested`: the class folders hold sub-folders of images (holdsNestedClasses). */
  | { kind: 'classes'; classes: number; nested?: true };

/** Entries read per folder: enough to see what a folder holds, bounded on a folder of a million files. */
const PEEK = 500;

async function peek(dir: string) {
  const handle = await fsp.opendir(dir).catch(() => undefined);
  const entries: { name: string; folder: boolean }[] = [];
  if (!handle) return entries;
  for await (const e of handle) {
    if (!e.name.startsWith('.')) entries.push({ name: e.name, folder: e.isDirectory() });
    if (entries.length >= PEEK) break;
  }
  return entries;
}

async function subfolders(dir: string): Promise<string[]> {
  return (await peek(dir))
    .filter((e) => e.folder && e.name !== 'node_modules')
    .map((e) => e.name)
    .sort();
}

async function holdsImages(dir: string): Promise<boolean> {
  return (await peek(dir)).some((e) => !e.folder && isImageName(e.name));
}

/**
 * What `dir` looks like as a dataset root: split folders (train, val, test…) holding folders, at least two
 * folders holding images (class folders), or class folders of sub-folders (holdsNestedClasses). Undefined when
 * none: loose images, a folder of datasets, no images near the top.
 */
export async function datasetShape(dir: string): Promise<DatasetShape | undefined> {
  const subs = await subfolders(dir);
  const splits = subs.filter((s) => splitNameOf(s) !== undefined);
  // Split folders with class folders in them: images may sit deeper (the scan walks every level below a class).
  for (const split of splits)
    if ((await subfolders(path.join(dir, split))).length) return { kind: 'splits', splits };
  let classes = 0;
  for (const sub of subs) if (await holdsImages(path.join(dir, sub))) classes++;
  if (classes >= 2) return { kind: 'classes', classes };
  return (await holdsNestedClasses(dir))
    ? { kind: 'classes', classes: subs.length, nested: true }
    : undefined;
}

/**
 * The subfolders of `dir` that look like dataset roots themselves (datasetShape): when two or more do, analysing
 * `dir` would take those datasets for the classes of one.
 */
export async function datasetsInside(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const sub of (await subfolders(dir)).slice(0, 100))
    if (await datasetShape(path.join(dir, sub))) found.push(sub);
  return found;
}

/**
 * Whether `dir` reads as one dataset whose class folders hold sub-folders (`cat/indoor/*.jpg`): no loose images
 * beside its folders, and every folder holding images at most two levels down, none of them split folders. Its
 * classes then look like datasets (datasetsInside) without being any; a folder of datasets usually also holds
 * folders without images (code, notes) or a dataset with splits.
 */
export async function holdsNestedClasses(dir: string): Promise<boolean> {
  if (await holdsImages(dir)) return false;
  const subs = await subfolders(dir);
  if (subs.length < 2 || subs.some((s) => splitNameOf(s) !== undefined)) return false;
  for (const sub of subs) {
    const at = path.join(dir, sub);
    const inner = await subfolders(at);
    if (inner.some((s) => splitNameOf(s) !== undefined)) return false;
    if (await holdsImages(at)) continue;
    let found = false;
    for (const s of inner) if ((found = await holdsImages(path.join(at, s)))) break;
    if (!found) return false;
  }
  return true;
}

/** A few words for a picker: "dataset: 4 classes", "dataset: train, val". */
export function describeShape(shape: DatasetShape): string {
  return shape.kind === 'splits'
    ? `dataset: ${shape.splits.join(', ')}`
    : `dataset: ${shape.classes} classes${shape.nested ? ' in sub-folders' : ''}`;
}
