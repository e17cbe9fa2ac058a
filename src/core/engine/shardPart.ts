import * as path from 'node:path';
import { FramedReader, FramedWriter, ForeignFileError } from '../cache/framedFile';
import { removeDeadOwnersTemps } from '../cache/ownedTemp';
import { resultFrameCodec } from '../records/resultFrames';
import type { ImbalanceOptions } from '../classes/imbalance';
import type { QualityThresholds } from '../quality/qualityOptions';
import type { FileEntry, Layout, ScanPlan } from '../scan/scanPlan';
import type { WalkCounters } from '../scan/walk';
import { projectMap, type MapHooks, type MapInput } from '../content/contentMap';
import { UsageError } from '../util/errors';
import type { FileResult } from '../records/fileResult';
import type { DatasetReport } from './report';
import { ReportBuilder } from './reportBuilder';
import type { ShardSpec } from './shard';
import { ENGINE_VERSION } from './version';

/**
 * A shard part (`analyze --shard i/n --out f.dlp`, merged by `merge`): the scan facts and, per file, its entry and
 * per-image record. Records are the unit
 * that merges exactly (histograms add as integers; everything else is order-independent), so merging all shards
 * replays them into one ReportBuilder and gives the report a single run gives.
 */
const MAGIC = Buffer.from('DATASET-LENS-PARTIAL\n');

interface ShardPartRecord {
  entry: Omit<FileEntry, 'open'>;
  result: FileResult;
}

interface ShardPartHeader {
  engine: number;
  root: string;
  layout: Layout;
  numberedClasses?: boolean;
  shard: ShardSpec;
  classFolders: [string, string[]][];
  unfollowedClassLinks?: [string, string[]][];
  planWarnings: string[];
  thresholds: QualityThresholds;
  imbalance: ImbalanceOptions;
  /** The content model's id when the shard ran with `--content` (absent otherwise). */
  content?: string;
}

interface ShardPartTrailer {
  trailer: true;
  counters: WalkCounters;
  missing: string[];
  sample: DatasetReport['sample'];
}

export class ShardPartWriter {
  private readonly writer: FramedWriter<ShardPartRecord | ShardPartTrailer>;

  /** `shard`: undefined for a part holding the whole folder (`--out` without `--shard`). */
  constructor(
    file: string,
    plan: ScanPlan,
    run: {
      shard: ShardSpec | undefined;
      thresholds: QualityThresholds;
      imbalance: ImbalanceOptions;
      /** The content model's id when the run embeds images (`--content`). */
      contentModel: string | undefined;
    },
  ) {
    const header: ShardPartHeader = {
      engine: ENGINE_VERSION,
      root: plan.root,
      layout: plan.layout,
      numberedClasses: plan.numberedClasses,
      shard: run.shard ?? { index: 0, count: 1 },
      classFolders: [...plan.classFolders.entries()].map(([split, classes]) => [split, [...classes]]),
      unfollowedClassLinks: [...(plan.unfollowedClassLinks ?? [])].map(([split, names]) => [
        split,
        [...names],
      ]),
      planWarnings: plan.warnings,
      thresholds: run.thresholds,
      imbalance: run.imbalance,
      ...(run.contentModel ? { content: run.contentModel } : {}),
    };
    // What an earlier run for this very file left when it was killed (only that file's: the folder is the user's).
    removeDeadOwnersTemps(path.dirname(path.resolve(file)), path.basename(file));
    this.writer = new FramedWriter(
      file,
      MAGIC,
      header,
      resultFrameCodec<ShardPartRecord | ShardPartTrailer>(),
    );
  }

  push(entry: FileEntry, result: FileResult): void {
    const { file, size, mtimeMs, label, split, labelIssue } = entry;
    this.writer.push({ entry: { file, size, mtimeMs, label, split, labelIssue }, result });
  }

  commit(counters: WalkCounters, missing: string[], sample: DatasetReport['sample']): void {
    this.writer.push({ trailer: true, counters, missing, sample });
    this.writer.commit();
  }

  abort(): void {
    this.writer.abort();
  }
}

/**
 * Combines the shard parts of one run into the report a single run gives, with its content map (projectMap:
 * long, so it yields for progress and cancel).
 */
export async function mergeShardPartsWithMap(files: string[], hooks: MapHooks = {}): Promise<DatasetReport> {
  const started = Date.now();
  let mapInput: MapInput | null = null;
  const report = mergeShardParts(files, (input) => (mapInput = input));
  if (mapInput && report.content) {
    report.content.map = await projectMap(mapInput, report.content.embedded, hooks);
    report.durationMs += Date.now() - started;
  }
  return report;
}

/** Combines the shard parts of one run into the report a single run gives, but for its content map. */
export function mergeShardParts(
  files: string[],
  onMapInput?: (input: MapInput | null) => void,
): DatasetReport {
  const started = Date.now();
  if (files.length === 0) throw new UsageError('merge needs at least one shard part');
  const readers = files.map((file) => {
    try {
      return {
        file,
        reader: new FramedReader(file, MAGIC, resultFrameCodec<ShardPartRecord | ShardPartTrailer>()),
      };
    } catch (error) {
      if (error instanceof ForeignFileError) throw new UsageError(`${file} is not a Dataset Lens shard part`);
      throw new UsageError(`${file} cannot be merged: ${(error as Error).message}; run its shard again`);
    }
  });
  const headers = readers.map((r) => r.reader.header as ShardPartHeader);
  const first = headers[0];
  for (const [k, h] of headers.entries()) {
    const same =
      h.engine === first.engine &&
      h.root === first.root &&
      h.shard.count === first.shard.count &&
      h.content === first.content &&
      JSON.stringify(h.thresholds) === JSON.stringify(first.thresholds);
    if (!same)
      throw new UsageError(
        `${readers[k].file} comes from another run (root, shard count, engine, thresholds or --content differ)`,
      );
  }
  const indices = headers.map((h) => h.shard.index).sort((a, b) => a - b);
  const expected = Array.from({ length: first.shard.count }, (_, i) => i);
  if (JSON.stringify(indices) !== JSON.stringify(expected)) {
    throw new UsageError(
      `expected shards 1..${first.shard.count} exactly once, got ${indices.map((i) => i + 1).join(', ')}`,
    );
  }

  const plan = {
    root: first.root,
    layout: first.layout,
    numberedClasses: first.numberedClasses,
    classFolders: new Map(first.classFolders.map(([split, classes]) => [split, new Set(classes)])),
    unfollowedClassLinks: new Map(
      (first.unfollowedClassLinks ?? []).map(([split, names]) => [split, new Set(names)]),
    ),
    warnings: headers.find((h) => h.shard.index === 0)!.planWarnings,
  };
  const builder = new ReportBuilder(plan, first.thresholds, first.imbalance, false, first.content);
  try {
    let counters: WalkCounters | undefined;
    const missing: string[] = [];
    let sample: DatasetReport['sample'] = null;
    for (const { file, reader } of readers) {
      let trailer: ShardPartTrailer | undefined;
      for (let frame = reader.nextFrame(); frame; frame = reader.nextFrame()) {
        for (const item of frame) {
          if ('trailer' in item) {
            trailer = item;
            continue;
          }
          const entry = { ...item.entry, open: '' };
          builder.addEntry(entry);
          builder.addResult(item.result, entry);
        }
      }
      // A damaged frame is skipped by the reader: merging what is left would give a report short of files.
      if (reader.damagedFrames)
        throw new UsageError(`${file} is damaged (a checksum does not match); run its shard again`);
      if (!trailer || !reader.complete)
        throw new UsageError(`${file} is incomplete (it ends early); run its shard again`);
      if ((reader.header as ShardPartHeader).shard.index === 0) counters = trailer.counters;
      missing.push(...trailer.missing);
      if (trailer.sample) sample = trailer.sample;
    }
    const report = builder.finish(counters!, {
      sample,
      missing,
      warnings: [],
      started,
    });
    onMapInput?.(builder.takeMapInput());
    return report;
  } finally {
    builder.close();
  }
}
