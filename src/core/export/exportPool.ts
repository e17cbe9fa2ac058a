import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { forkChild, type ChildChannel } from '../util/childProcess';
import { mallocTuningEnv } from '../util/mallocTuning';
import { decodeError, type WireError } from '../util/errorCodec';
import type { FileEntry } from '../scan/scanPlan';
import type { PlannedOutput } from './exportPlan';
import { tempPathOf, type ExportContext } from './exportSource';
import type { OutputRecord } from './exportState';

/** One source and the outputs to make of it. */
export interface SourceJob {
  entry: FileEntry;
  outputs: PlannedOutput[];
}

/** Sources a worker makes one after the other, answered in one message. */
export interface ExportJob {
  type: 'job';
  id: number;
  sources: SourceJob[];
  ctx: ExportContext;
}

/** Each source's records, or why it failed, in the job's order. */
export type SourceResult = { records: OutputRecord[] } | { error: WireError };

export interface ExportJobResult {
  type: 'done';
  id: number;
  results: SourceResult[];
}

interface Pending {
  source: SourceJob;
  ctx: ExportContext;
  resolve(records: OutputRecord[]): void;
  reject(error: Error): void;
}

/** Messages in flight per worker: one being made while the next waits, so a worker never idles between two. */
const JOBS_PER_WORKER = 2;
/**
 * Small sources travel several to a message: a message (and its reply) costs the two processes more CPU than
 * augmenting a 32x32 image. Sources larger than this (or of unknown size) go alone, so large work stays spread.
 */
const BATCH_SOURCES = 8;
const BATCH_BYTES = 64 * 1024;

/**
 * Export worker processes, two messages in flight each, a message holding one source or several small ones.
 * kill() stops them at once and removes the temporary files of the outputs they were writing, so a cancel leaves
 * neither processes nor partial files behind.
 */
export class ExportPool {
  private readonly workers: {
    child: ChildChannel<ExportJob, ExportJobResult>;
    jobs: Map<number, Pending[]>;
  }[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private pumpScheduled = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const child = forkChild<ExportJob, ExportJobResult>({
        bundleDir: __dirname,
        bundle: 'export-worker.js',
        source: path.join(__dirname, 'exportWorker.ts'),
        env: mallocTuningEnv(),
      });
      const worker = { child, jobs: new Map<number, Pending[]>() };
      child.onMessage((reply) => {
        const pendings = worker.jobs.get(reply.id);
        if (!pendings) return;
        worker.jobs.delete(reply.id);
        pendings.forEach((pending, i) => {
          const result = reply.results[i];
          if ('records' in result) pending.resolve(result.records);
          else pending.reject(decodeError(result.error));
        });
        this.schedulePump();
      });
      child.onExit(() => {
        for (const pendings of worker.jobs.values())
          for (const pending of pendings) pending.reject(child.exitError('export worker stopped'));
        worker.jobs.clear();
      });
      this.workers.push(worker);
    }
  }

  /** Sources to keep queued so every message can be full: what the caller should have in flight. */
  get capacity(): number {
    return this.workers.length * JOBS_PER_WORKER * BATCH_SOURCES;
  }

  run(entry: FileEntry, outputs: PlannedOutput[], ctx: ExportContext): Promise<OutputRecord[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ source: { entry, outputs }, ctx, resolve, reject });
      this.schedulePump();
    });
  }

  kill(reason: Error): void {
    for (const worker of this.workers) {
      worker.child.ignoreExit();
      worker.child.kill('SIGKILL');
      for (const pendings of worker.jobs.values()) {
        for (const pending of pendings) {
          for (const output of pending.source.outputs)
            rmSync(tempPathOf(pending.ctx.outRoot, output.file), { force: true });
          pending.reject(reason);
        }
      }
      worker.jobs.clear();
    }
    for (const pending of this.queue.splice(0)) pending.reject(reason);
  }

  close(): void {
    for (const worker of this.workers) worker.child.disconnect();
  }

  /**
   * Sends once the sources queued in this turn of the event loop are all in: the callers whose sources a reply
   * has just finished queue their next ones one by one, which would otherwise go one to a message.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const worker of this.workers) {
      while (worker.jobs.size < JOBS_PER_WORKER && this.queue.length) {
        const pendings = this.takeBatch();
        const id = this.nextId++;
        worker.jobs.set(id, pendings);
        worker.child.send({ type: 'job', id, sources: pendings.map((p) => p.source), ctx: pendings[0].ctx });
      }
    }
  }

  /** The next queued source, with the small ones after it (same context) up to a batch. */
  private takeBatch(): Pending[] {
    const first = this.queue.shift()!;
    const batch = [first];
    let bytes = sizeOf(first);
    while (batch.length < BATCH_SOURCES && this.queue.length && this.queue[0].ctx === first.ctx) {
      bytes += sizeOf(this.queue[0]);
      if (bytes > BATCH_BYTES) break;
      batch.push(this.queue.shift()!);
    }
    return batch;
  }
}

/** A source's bytes on disk; unknown (not stat'd) counts as too large to batch. */
function sizeOf(pending: Pending): number {
  const size = pending.source.entry.size;
  return size >= 0 ? size : Infinity;
}
