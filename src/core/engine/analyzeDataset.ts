import { availableParallelism } from 'node:os';
import type { ImbalanceOptions } from '../classes/imbalance';
import { resolveThresholds, type QualityThresholds } from '../quality/qualityOptions';
import { analyzeBatch } from './analyzeFile';
import type { DecodeOptions } from '../decode/decodeImage';
import { planScan, type FileEntry } from '../scan/scanDataset';
import { emptyCounters } from '../scan/walk';
import { CancelledError, invalidOption, throwIfAborted } from '../util/errors';
import { createRng } from '../util/rng';
import type { FileResult } from './fileResult';
import type { DatasetReport } from './report';
import { ReportBuilder } from './reportBuilder';
import { WorkerPool } from './workerPool';

export interface AnalyzeOptions extends DecodeOptions, ImbalanceOptions {
  /** A `file,label[,split]` CSV giving labels instead of folder names. */
  labelsCsv?: string;
  /** Analyse a seeded uniform random sample of this many files (class counts still cover every file). */
  sample?: number;
  seed?: number;
  /** Worker processes; 0 analyses in the calling thread (tests, tiny folders). Default: one per core, at most 8. */
  workers?: number;
  /** Quality thresholds to change (the rest keep their defaults). */
  quality?: Partial<QualityThresholds>;
}

export interface AnalyzeProgress {
  /** Files analysed so far. */
  done: number;
  /** Files to analyse, as far as the scan has got. */
  total: number;
  /** False once the whole tree has been listed (total is then final). */
  scanning: boolean;
}

export interface AnalyzeHooks {
  onProgress?(progress: AnalyzeProgress): void;
  signal?: AbortSignal;
}

const BATCH_FILES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Scans `root`, analyses every image (or a seeded sample) in worker processes and returns the report.
 * The scan streams: batches are dispatched while the tree is still being listed, with bounded work in flight.
 */
export async function analyzeDataset(root: string, options: AnalyzeOptions = {}, hooks: AnalyzeHooks = {}): Promise<DatasetReport> {
  const started = Date.now();
  validateOptions(options);
  const thresholds = resolveThresholds(options.quality);
  const { signal, onProgress } = hooks;
  throwIfAborted(signal);
  const plan = await planScan(root, { labelsCsv: options.labelsCsv });
  const counters = emptyCounters();
  const builder = new ReportBuilder(plan, thresholds, options);
  const decodeOptions: DecodeOptions = { maxPixels: options.maxPixels };
  const workers = options.workers ?? Math.min(8, availableParallelism());
  const pool = workers > 0 ? new WorkerPool(workers, decodeOptions) : undefined;
  // In-process batches run one at a time, like in a worker (libvips error messages are per process).
  let serial: Promise<unknown> = Promise.resolve();
  const runInProcess = (entries: FileEntry[]): Promise<FileResult[]> => {
    const run = serial.then(() => analyzeBatch(entries, decodeOptions));
    serial = run.catch(() => undefined);
    return run;
  };
  const runBatch = (entries: FileEntry[]): Promise<FileResult[]> => (pool ? pool.run(entries) : runInProcess(entries));
  const onAbort = () => pool?.kill(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });

  let done = 0;
  let total = 0;
  let scanning = true;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(2, workers * 3);
  const dispatch = async (batch: FileEntry[]) => {
    for (const entry of batch) builder.expect(entry);
    const job = runBatch(batch).then((results) => {
      for (const result of results) builder.addResult(result);
      done += results.length;
      onProgress?.({ done, total, scanning });
    });
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };

  try {
    let sample: DatasetReport['sample'] = null;
    if (options.sample !== undefined) {
      const seed = options.seed ?? 0;
      const { picked, population } = await reservoirSample(plan.entries(counters), options.sample, seed, (entry) => {
        builder.addEntry(entry);
        throwIfAborted(signal);
      });
      scanning = false;
      total = picked.length;
      sample = { size: picked.length, seed, population };
      for (let i = 0; i < picked.length; i += BATCH_FILES) await dispatch(picked.slice(i, i + BATCH_FILES));
    } else {
      let batch: FileEntry[] = [];
      let batchBytes = 0;
      for await (const entry of plan.entries(counters)) {
        throwIfAborted(signal);
        builder.addEntry(entry);
        total++;
        batch.push(entry);
        batchBytes += entry.size;
        if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
          await dispatch(batch);
          batch = [];
          batchBytes = 0;
        }
      }
      scanning = false;
      if (batch.length) await dispatch(batch);
    }
    while (inFlight.size) await Promise.race(inFlight);
    throwIfAborted(signal);
    onProgress?.({ done, total, scanning: false });
    return builder.finish(counters, { sample, warnings: [], durationMs: Date.now() - started });
  } catch (error) {
    pool?.kill(error instanceof Error ? error : new Error(String(error)));
    await Promise.allSettled(inFlight);
    throw signal?.aborted ? new CancelledError() : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    pool?.close();
  }
}

/** Algorithm R with the seeded generator: a uniform sample of `size` entries in one streaming pass. */
async function reservoirSample(
  entries: AsyncIterable<FileEntry>,
  size: number,
  seed: number,
  onEntry: (entry: FileEntry) => void,
): Promise<{ picked: FileEntry[]; population: number }> {
  const rng = createRng(seed);
  const picked: FileEntry[] = [];
  let population = 0;
  for await (const entry of entries) {
    onEntry(entry);
    population++;
    if (picked.length < size) picked.push(entry);
    else {
      const j = rng.int(0, population - 1);
      if (j < size) picked[j] = entry;
    }
  }
  return { picked, population };
}

function validateOptions(options: AnalyzeOptions): void {
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample >= 1)) {
    throw invalidOption('sample', 'an integer >= 1', options.sample);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw invalidOption('seed', 'an integer', options.seed);
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0 && options.workers <= 64)) {
    throw invalidOption('workers', 'an integer between 0 and 64', options.workers);
  }
  if (options.maxPixels !== undefined && !(Number.isInteger(options.maxPixels) && options.maxPixels >= 1)) {
    throw invalidOption('maxPixels', 'an integer >= 1', options.maxPixels);
  }
}
