import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ShardSpec } from '../engine/shard';
import { UsageError } from '../util/errors';
import { writeFileAtomicSync } from '../util/writeAtomic';
import { checkSameSettings, SETTINGS_FILE, STATE_DIR } from './exportState';
import { writeManifest, type Manifest } from './exportManifest';

/**
 * An augment export split across machines: every shard lists the whole dataset and plans every output (so
 * `--balance` picks the same extra copies everywhere), writes the outputs of the sources it owns (shardOf their
 * path) into the common folder, and keeps its own state in `.dataset-lens/shard-<i>-of-<n>/`, ending with a part
 * of the manifest there. The outputs of two shards never collide: an output's path comes from its source's.
 * `mergeAugmentShards` checks every part is there and writes the manifest a single run writes.
 */
const SHARD_DIR = /^shard-(\d+)-of-(\d+)$/;
const PART_FILE = 'manifest-part.json';

const shardDirName = (shard: ShardSpec) => `shard-${shard.index + 1}-of-${shard.count}`;

function shardDirs(outRoot: string): { name: string; index: number; count: number }[] {
  const state = path.join(outRoot, STATE_DIR);
  if (!existsSync(state)) return [];
  return readdirSync(state).flatMap((name) => {
    const match = SHARD_DIR.exec(name);
    return match ? [{ name, index: Number(match[1]) - 1, count: Number(match[2]) }] : [];
  });
}

/** Refuses a sharded export's folder to a whole run (its manifest would miss the other shards' outputs). */
export function refuseShardedFolder(outRoot: string): void {
  if (shardDirs(outRoot).length)
    throw new UsageError(
      `${outRoot} holds a sharded export: finish its shards and run augment-merge, or use another --out`,
    );
}

/** Where shard `shard` keeps its settings, journal, lock and manifest part. */
export function shardStateDir(outRoot: string, shard: ShardSpec): string {
  return path.join(outRoot, STATE_DIR, shardDirName(shard));
}

/** Checks `outRoot` holds nothing but shards of the same run (same count, same settings) before a shard joins. */
export function checkShardFolder(outRoot: string, settings: Record<string, unknown>, shard: ShardSpec): void {
  if (existsSync(path.join(outRoot, STATE_DIR, SETTINGS_FILE)))
    throw new UsageError(`${outRoot} holds a whole (unsharded) export: use another --out for a sharded one`);
  const others = shardDirs(outRoot);
  const otherCount = others.find((d) => d.count !== shard.count);
  if (otherCount)
    throw new UsageError(
      `${outRoot} holds shards of a ${otherCount.count}-shard export, not ${shard.count}: use another --out`,
    );
  if (!others.length && existsSync(outRoot) && readdirSync(outRoot).some((name) => name !== STATE_DIR))
    throw new UsageError(
      `${outRoot} is not empty and holds no dataset-lens export: choose an empty or new folder`,
    );
  // Every shard must run with the same settings: a sibling's stored settings are checked as one's own would be.
  for (const other of others) {
    const settingsPath = path.join(outRoot, STATE_DIR, other.name, SETTINGS_FILE);
    if (existsSync(settingsPath)) checkSameSettings(outRoot, settingsPath, settings);
  }
}

export function writeShardPart(stateDir: string, manifest: Manifest): string {
  const file = path.join(stateDir, PART_FILE);
  writeFileAtomicSync(file, JSON.stringify(manifest) + '\n');
  return file;
}

/** Joins the parts of every shard in `outRoot` into its manifest (and labels.csv for CSV-labelled sources). */
export function mergeAugmentShards(outRoot: string): { manifest: string; outputs: number; failures: number } {
  const dirs = shardDirs(outRoot);
  if (!dirs.length) throw new UsageError(`${outRoot} holds no shards of an augment export (augment --shard)`);
  const count = dirs[0].count;
  const parts: Manifest[] = [];
  for (let index = 0; index < count; index++) {
    const file = path.join(outRoot, STATE_DIR, shardDirName({ index, count }), PART_FILE);
    if (!existsSync(file))
      throw new UsageError(
        `shard ${index + 1} of ${count} has not finished in ${outRoot}: run it (again) first`,
      );
    parts.push(JSON.parse(readFileSync(file, 'utf8')) as Manifest);
  }
  const byFile = (a: { file: string }, b: { file: string }) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  const manifest: Manifest = {
    ...parts[0],
    outputs: parts.flatMap((p) => p.outputs).sort(byFile),
    failures: parts.flatMap((p) => p.failures).sort(byFile),
  };
  return {
    manifest: writeManifest(outRoot, manifest),
    outputs: manifest.outputs.length,
    failures: manifest.failures.length,
  };
}
