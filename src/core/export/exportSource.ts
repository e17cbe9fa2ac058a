import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { toBytes, type AugImage } from '../augment/augImage';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { outputRng, outputSeed, runPipeline } from '../pipeline/runPipeline';
import type { FileEntry } from '../scan/scanPlan';
import { CancelledError } from '../util/errors';
import { extensionOf } from '../scan/formats';
import { ORIGINAL_COPY, type PlannedOutput } from './exportPlan';
import type { OutputRecord } from './exportState';
import { loadAugImage } from './loadAugImage';
import { tempNameOf } from './outputNames';
import { encodeImage, type EncodeOptions } from './outputFormat';

/** What a worker needs to produce outputs: plain data, so it crosses a process boundary unchanged. */
export interface ExportContext {
  outRoot: string;
  pipeline: Pipeline;
  seed: number;
  encode: EncodeOptions;
  maxPixels?: number;
}

/** The hidden temporary name an output is written under before its rename. */
export function tempPathOf(outRoot: string, file: string): string {
  const target = path.join(outRoot, ...file.split('/'));
  return path.join(path.dirname(target), tempNameOf(path.basename(target)));
}

/**
 * Decodes one source, then augments, encodes and writes each of its planned copies: temp file, then rename, so
 * the final name only ever holds a whole file. `cancelled` is checked between outputs.
 */
export async function exportSource(
  entry: FileEntry,
  outputs: readonly PlannedOutput[],
  ctx: ExportContext,
  cancelled: () => boolean = () => false,
): Promise<OutputRecord[]> {
  const { image, release } = await loadAugImage(entry, ctx.maxPixels);
  const records: OutputRecord[] = [];
  try {
    for (const output of outputs) {
      // Writes and small encodes are synchronous: let the event loop in between outputs, so a cancel (a signal, a
      // message) and progress get through while a run of small images goes on.
      await new Promise((resolve) => setImmediate(resolve));
      if (cancelled()) throw new CancelledError();
      records.push(await writeOutput(entry, output, image, ctx, cancelled));
    }
  } finally {
    release();
  }
  return records;
}

/** Augments, encodes and writes one output: temp file, then rename (not begun once `cancelled`). */
async function writeOutput(
  entry: FileEntry,
  output: PlannedOutput,
  image: AugImage,
  ctx: ExportContext,
  cancelled: () => boolean,
): Promise<OutputRecord> {
  const original = output.copy === ORIGINAL_COPY;
  const result = original
    ? { image, applied: [] }
    : runPipeline(ctx.pipeline, image, outputRng(ctx.seed, entry.file, output.copy));
  const out = result.image;
  // An original in its own format is its bytes, not a re-encoding (a JPEG would lose quality again).
  const copyBytes = original && !entry.member && extensionOf(output.file) === extensionOf(entry.file);
  const encoded = copyBytes ? null : await encodeImage(toBytes(out), out, output.format, ctx.encode);
  if (cancelled()) throw new CancelledError();
  const target = path.join(ctx.outRoot, ...output.file.split('/'));
  const temp = tempPathOf(ctx.outRoot, output.file);
  placeOutput(target, temp, () => {
    if (encoded) writeFileSync(temp, encoded);
    else copyFileSync(typeof entry.open === 'string' ? entry.open : Buffer.from(entry.open), temp);
  });
  return {
    file: output.file,
    source: entry.file,
    class: entry.label,
    split: entry.split,
    copy: output.copy,
    seed: original ? 0 : outputSeed(ctx.seed, entry.file, output.copy),
    width: out.width,
    height: out.height,
    transforms: result.applied,
  };
}

/** Output folders this process has made: each is made once, not once for every output written into it. */
const madeFolders = new Set<string>();

/**
 * Writes an output under its temporary name with `write`, then renames it to `target`. Synchronous: an output is a
 * few KB to a few MB, and each asynchronous call would be a round trip through the libuv pool costing more CPU
 * than the write on small images. A folder removed since it was made (a second export in the same process) is
 * made again.
 */
function placeOutput(target: string, temp: string, write: () => void): void {
  const folder = path.dirname(target);
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  try {
    write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !madeFolders.delete(folder)) throw error;
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
    write();
  }
  renameSync(temp, target);
}
