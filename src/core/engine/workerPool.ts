import type { AnalyzeFileOptions } from './analyzeFile';
import type { FileEntry } from '../scan/scanPlan';
import type { FileResult } from '../records/fileResult';
import { unpackResults } from '../records/resultPacking';
import { takePrestartedWorker } from './prestartedWorkers';
import type { AnalyzeBatchRequest } from './workerProtocol';
import { forkAnalysisWorker, type WorkerChannel } from './workerProcess';

interface Job {
  batchId: number;
  entries: FileEntry[];
  resolve(results: FileResult[]): void;
  reject(error: Error): void;
}

interface Worker {
  child: WorkerChannel;
  jobs: Map<number, Job>;
}

/** Batches in flight per worker: one decoding, one queued, so a worker never waits on the parent. */
const JOBS_PER_WORKER = 2;

/**
 * A fixed set of forked analysis processes (processes, not threads: they scaled with the cores where
 * worker_threads did not, measured). A worker that dies takes only its batch with it: each file of that batch is
 * retried alone in a fresh worker, and a file that kills a worker on its own is reported as corrupt.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextBatchId = 1;
  private closed = false;

  /**
   * Workers start as batches need them (see workerFor), up to `size`: a re-run that finds one changed file in the
   * cache starts one, not `size` that would sit idle, holding their memory, until the end of the run.
   */
  constructor(
    readonly size: number,
    private readonly options: AnalyzeFileOptions,
  ) {}

  /**
   * Starts every worker now, for a run that will decode every file: they start up while the folder is being
   * listed instead of after its first batch.
   */
  start(): void {
    while (!this.closed && this.workers.length < this.size) this.workers.push(this.spawn());
  }

  run(entries: FileEntry[]): Promise<FileResult[]> {
    if (this.closed) return Promise.reject(new Error('WorkerPool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batchId: this.nextBatchId++, entries, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker now (cancel) and fails what was pending. */
  kill(reason: Error): void {
    this.closed = true;
    for (const worker of this.workers) {
      worker.child.ignoreExit();
      worker.child.kill('SIGKILL');
      for (const job of worker.jobs.values()) job.reject(reason);
    }
    for (const job of this.queue.splice(0)) job.reject(reason);
  }

  /** Lets idle workers exit once their work is done; resolves when they have (or after `waitMs`). */
  close(waitMs = 2000): Promise<void> {
    this.closed = true;
    const exits = this.workers.map(({ child }) => {
      child.ignoreExit();
      const exited = child.whenExited();
      child.disconnect();
      return exited;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs).unref()));
    return Promise.race([Promise.all(exits).then(() => undefined), timeout]).finally(() =>
      clearTimeout(timer),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.workerFor();
      if (!worker) return;
      const job = this.queue.shift()!;
      worker.jobs.set(job.batchId, job);
      const request: AnalyzeBatchRequest = {
        type: 'analyze',
        batchId: job.batchId,
        opens: job.entries.map((e) => e.open),
        sizes: job.entries.map((e) => e.size),
        contents: job.entries.some((e) => e.content) ? job.entries.map((e) => e.content ?? null) : undefined,
        options: this.options,
      };
      worker.child.send(request);
    }
  }

  /** An idle worker, else a new one while fewer than `size` run, else one with room for another batch. */
  private workerFor(): Worker | undefined {
    const idle = this.workers.find((worker) => worker.jobs.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const worker = this.spawn();
      this.workers.push(worker);
      return worker;
    }
    return this.workers.find((worker) => worker.jobs.size < JOBS_PER_WORKER);
  }

  private spawn(): Worker {
    const child = takePrestartedWorker() ?? forkAnalysisWorker();
    const worker: Worker = { child, jobs: new Map() };
    child.onMessage((message) => {
      const job = worker.jobs.get(message.batchId);
      if (!job) return;
      worker.jobs.delete(message.batchId);
      if (message.type === 'failed') {
        job.reject(new Error(message.message));
        this.pump();
        return;
      }
      try {
        job.resolve(
          unpackResults(
            message.packed,
            job.entries.map((e) => e.file),
          ),
        );
      } catch (error) {
        job.reject(error as Error);
      }
      this.pump();
    });
    child.onExit((code, signal) => this.onWorkerDied(worker, code, signal));
    return worker;
  }

  private onWorkerDied(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closed) return;
    const index = this.workers.indexOf(worker);
    this.workers[index] = this.spawn();
    const why = signal ? `signal ${signal}` : `exit code ${code}`;
    for (const job of worker.jobs.values()) {
      if (job.entries.length === 1) {
        const [entry] = job.entries;
        job.resolve([
          {
            ok: false,
            file: entry.file,
            kind: 'corrupt',
            message: `the decoder crashed on this file (${why})`,
          },
        ]);
        continue;
      }
      // Retry each file alone so one bad file cannot take its neighbours down.
      Promise.all(job.entries.map((entry) => this.run([entry]).then((r) => r[0]))).then(
        job.resolve,
        job.reject,
      );
    }
    worker.jobs.clear();
    this.pump();
  }
}
