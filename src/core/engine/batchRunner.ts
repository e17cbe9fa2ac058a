import type { FileEntry } from '../scan/scanPlan';
import { analyzeBatch, type AnalyzeFileOptions } from './analyzeFile';
import type { FileResult } from '../records/fileResult';
import { releasePrestartedWorkers } from './prestartedWorkers';
import { WorkerPool } from './workerPool';

/**
 * Runs batches in worker processes, started when the first batch needs decoding (a fully cached run starts none)
 * or earlier by start(), or in this process when `workers` is 0. In-process batches run one at a time, as in a
 * worker: libvips error messages are per process.
 */
export class BatchRunner {
  private pool: WorkerPool | undefined;
  private serial: Promise<unknown> = Promise.resolve();
  private stopped: Error | undefined;

  /** `onWorkersStart`: called when the first batch starts the workers (not for a run that needs none). */
  constructor(
    private readonly workers: number,
    private readonly options: AnalyzeFileOptions,
    private readonly onWorkersStart?: () => void,
  ) {}

  /** Starts every worker now (none with `workers` 0), for a run that will decode every file it lists. */
  start(): void {
    if (!this.stopped && this.workers > 0) this.workerPool().start();
  }

  run(entries: FileEntry[]): Promise<FileResult[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.workers > 0) return this.workerPool().run(entries);
    const run = this.serial.then(() => {
      if (this.stopped) throw this.stopped;
      return analyzeBatch(entries, this.options);
    });
    this.serial = run.catch(() => undefined);
    return run;
  }

  /** Stops at once (cancel, error): pending batches reject with `reason`, workers are killed. */
  kill(reason: Error): void {
    this.stopped = reason;
    this.pool?.kill(reason);
    releasePrestartedWorkers();
  }

  /**
   * Lets the workers exit, and those started ahead of need that the run did not take; resolves once the run's
   * own have (their memory is then the system's again).
   */
  close(): Promise<void> {
    releasePrestartedWorkers();
    return this.pool?.close() ?? Promise.resolve();
  }

  private workerPool(): WorkerPool {
    if (!this.pool) {
      this.pool = new WorkerPool(this.workers, this.options);
      this.onWorkersStart?.();
    }
    return this.pool;
  }
}
