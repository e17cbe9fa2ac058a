import { promises as fsp, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../util/errors';
import { isImageName } from '../scan/formats';
import { braceExpand } from './braceExpand';
import { HUB_DATA_FOLDER } from './hubCard';
import type { ContainerSet } from './container';
import { idxPrefix, isIdxName, isParquetName, isTarName } from './containerNames';
import { idxContainers } from './idxSource';
import { parquetContainers } from './parquetSource';
import { tarContainers } from './tarSource';

/**
 * The containers `source` names, when it names some: an idx file (its pair is found beside it), a Parquet file, a
 * tar shard or a pattern of shards (`shard-{000..009}.tar`), or a folder whose top level holds such files and no
 * subfolder. Undefined: `source` is an image folder (or nothing), for the folder scan to plan.
 */
export async function findContainers(source: string): Promise<ContainerSet | undefined> {
  const absolute = path.resolve(source);
  const stats = await fsp.stat(absolute).catch(() => undefined);
  if (!stats) return shardPattern(absolute);
  if (stats.isFile()) {
    const name = path.basename(absolute);
    const dir = path.dirname(absolute);
    if (isParquetName(name)) return parquetContainers(dir, [name]);
    if (isTarName(name)) return tarContainers(dir, [name]);
    if (!isIdxName(name)) return undefined;
    const prefix = idxPrefix(name);
    const pair = (await fsp.readdir(dir)).filter((n) => idxPrefix(n) === prefix);
    return idxContainers(dir, pair);
  }
  if (!stats.isDirectory()) return undefined;
  const entries = await fsp.readdir(absolute, { withFileTypes: true });
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  if (visible.some((e) => e.isDirectory())) return hubRepository(absolute, visible);
  const files = visible.filter((e) => e.isFile()).map((e) => e.name);
  const idx = files.filter(isIdxName);
  if (idx.length) return idxContainers(absolute, idx);
  const parquet = files.filter(isParquetName);
  if (parquet.length) return parquetContainers(absolute, parquet);
  const shards = files.filter(isTarName);
  if (shards.length) return tarContainers(absolute, shards.sort());
  return undefined;
}

/**
 * A Hugging Face dataset repository as cloned (`README.md`, the dataset card, beside the data): push_to_hub puts
 * the default config's Parquet files under `data/` and another config's under a folder of its name; some
 * repositories use `data/<config>/`. Members are named `data/train-00000-of-00001.parquet#12`. Only when every
 * folder is such a config folder (Parquet files, nothing else to read) and no image lies beside them: an
 * ImageFolder class named "data" stays one. Several configs are several datasets: the run stops, naming them.
 */
async function hubRepository(root: string, visible: readonly Dirent[]): Promise<ContainerSet | undefined> {
  if (visible.some((e) => e.isFile() && isImageName(e.name))) return undefined;
  const configs: { name: string; folder: string; files: string[] }[] = [];
  for (const folder of visible.filter((e) => e.isDirectory())) {
    const listing = await parquetFolder(path.join(root, folder.name));
    if (!listing) return undefined;
    if (listing.files.length) configs.push({ name: folder.name, folder: folder.name, files: listing.files });
    if (listing.folders.length && folder.name !== HUB_DATA_FOLDER) return undefined;
    for (const sub of listing.folders) {
      const inner = await parquetFolder(path.join(root, folder.name, sub));
      if (!inner?.files.length || inner.folders.length) return undefined;
      configs.push({ name: sub, folder: `${folder.name}/${sub}`, files: inner.files });
    }
  }
  if (!configs.length) return undefined;
  if (configs.length > 1) {
    const names = configs.map((c) => (c.folder === HUB_DATA_FOLDER ? 'default' : c.name)).sort();
    const folders = configs.map((c) => c.folder).sort();
    throw new UsageError(
      `${root} holds the configs ${names.join(', ')} (one dataset each): analyze one of their folders, e.g. ${path.join(root, folders[folders.length - 1])}`,
    );
  }
  const [config] = configs;
  return parquetContainers(
    root,
    config.files.map((file) => `${config.folder}/${file}`),
  );
}

/** A folder's Parquet files and subfolders, or undefined when it holds anything else (an image, another file). */
async function parquetFolder(dir: string): Promise<{ files: string[]; folders: string[] } | undefined> {
  const entries = (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  const files = entries.filter((e) => e.isFile() && isParquetName(e.name)).map((e) => e.name);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  return files.length + folders.length === entries.length ? { files, folders } : undefined;
}

/** `dir/shard-{000..009}.tar`: the shards it names, below the folder before the first brace. */
function shardPattern(absolute: string): Promise<ContainerSet> | undefined {
  let names: string[] | undefined;
  try {
    names = braceExpand(absolute);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!names) return undefined;
  if (!names.every(isTarName)) throw new UsageError(`A pattern names WebDataset .tar shards: ${absolute}`);
  const root = path.dirname(absolute.slice(0, absolute.indexOf('{')) + 'x');
  return tarContainers(
    root,
    names.map((n) => path.relative(root, n).split(path.sep).join('/')),
  );
}
