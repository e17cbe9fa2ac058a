import { Worker } from 'node:worker_threads';
import { workerThreadStarted } from '../engine/heapTuning';

/** Per path, in order: size and mtime (ms), or the message of the error that stopped its stat. */
export interface StatResults {
  sizes: Float64Array;
  mtimes: Float64Array;
  /** undefined where the stat succeeded. */
  errors: (string | undefined)[];
}

/**
 * stat() each path in turn. Self-contained: it is also the thread's code (by its source text, below), and it runs
 * on the calling thread when the stat thread is gone.
 */
export function statPaths(
  paths: (string | Uint8Array)[],
  stat: (path: string | Uint8Array) => { size: number; mtimeMs: number },
): StatResults {
  const sizes = new Float64Array(paths.length);
  const mtimes = new Float64Array(paths.length);
  const errors: (string | undefined)[] = [];
  for (let i = 0; i < paths.length; i++) {
    try {
      const stats = stat(paths[i]);
      sizes[i] = stats.size;
      mtimes[i] = stats.mtimeMs;
      errors.push(undefined);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { sizes, mtimes, errors };
}

// The thread's whole program: small enough to need no bundle entry of its own (workers may eval CommonJS).
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
const statPaths = ${statPaths.toString()};
parentPort.on('message', ({ id, paths }) => {
  const { sizes, mtimes, errors } = statPaths(paths, statSync);
  parentPort.postMessage({ id, sizes, mtimes, errors }, [sizes.buffer, mtimes.buffer]);
});
`;

/**
 * stat() for many files on a second thread, for the check that a folder is unchanged: one stat per file is most
 * of that check's time, and on its own thread it runs beside the walk that lists the folders. The same statSync
 * as the walk's, so sizes and mtimes are identical to a stat'ing scan's.
 */
export class StatThread {
  private readonly worker = new Worker(SOURCE, { eval: true });
  private readonly pending = new Map<
    number,
    { resolve(results: StatResults): void; reject(error: Error): void }
  >();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    this.worker.once('online', workerThreadStarted);
    this.worker.on('message', (message: StatResults & { id: number }) => {
      const job = this.pending.get(message.id);
      this.pending.delete(message.id);
      job?.resolve(message);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the stat thread exited (code ${code})`)));
  }

  stat(paths: (string | Uint8Array)[]): Promise<StatResults> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, paths });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
