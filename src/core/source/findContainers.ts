import { promises as fsp, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../util/errors';
import { isImageName } from '../scan/formats';
import { braceExpand } from './braceExpand';
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
 * A Hugging Face dataset repository as cloned (`README.md`, the dataset card, beside `data/`): its Parquet files
 * under `data/`, named `data/train-00000-of-00001.parquet#12`. Only when `data/` is the one folder and holds
 * Parquet files and nothing else to read (no image, no subfolder): an ImageFolder class named "data" stays one.
 */
async function hubRepository(root: string, visible: readonly Dirent[]): Promise<ContainerSet | undefined> {
  const folders = visible.filter((e) => e.isDirectory());
  if (folders.length !== 1 || folders[0].name !== HUB_DATA_FOLDER) return undefined;
  if (visible.some((e) => e.isFile() && isImageName(e.name))) return undefined;
  const data = (await fsp.readdir(path.join(root, HUB_DATA_FOLDER), { withFileTypes: true })).filter(
    (e) => !e.name.startsWith('.'),
  );
  if (data.some((e) => e.isDirectory() || (e.isFile() && isImageName(e.name)))) return undefined;
  const parquet = data.filter((e) => e.isFile() && isParquetName(e.name));
  if (!parquet.length) return undefined;
  return parquetContainers(
    root,
    parquet.map((e) => `${HUB_DATA_FOLDER}/${e.name}`),
  );
}

const HUB_DATA_FOLDER = 'data';

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
