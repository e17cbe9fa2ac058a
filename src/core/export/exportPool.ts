import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { forkChild, type ChildChannel } from '../util/childProcess';
import { mallocTuningEnv } from '../util/mallocTuning';
import { decodeError, type WireError } from '../util/errorCodec';
import type { FileEntry } from '../scan/scanPlan';
import type { PlannedOutput } from './exportPlan';
import { tempPathOf, type ExportContext } from './exportSource';
import type { OutputRecord } from './exportState';

export interface ExportJob {
  type: 'job';
  id: number;
  entry: FileEntry;
  outputs: PlannedOutput[];
  ctx: ExportContext;
}

export type ExportJobResult =
  { type: 'done'; id: number; records: OutputRecord[] } | { type: 'failed'; id: number; error: WireError };

interface Pending {
  job: ExportJob;
  resolve(records: OutputRecord[]): void;
  reject(error: Error): void;
}

/**
 * Export worker processes, two jobs (sources) in flight each. kill() stops them at once and removes the temporary
 * files of the outputs they were writing, so a cancel leaves neither processes nor partial files behind.
 */
export class ExportPool {
  private readonly workers: {
    child: ChildChannel<ExportJob, ExportJobResult>;
    jobs: Map<number, Pending>;
  }[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const child = forkChild<ExportJob, ExportJobResult>({
        bundleDir: __dirname,
        bundle: 'export-worker.js',
        source: path.join(__dirname, 'exportWorker.ts'),
        env: mallocTuningEnv(),
      });
      const worker = { child, jobs: new Map<number, Pending>() };
      child.onMessage((reply) => {
        const pending = worker.jobs.get(reply.id);
        if (!pending) return;
        worker.jobs.delete(reply.id);
        if (reply.type === 'done') pending.resolve(reply.records);
        else pending.reject(decodeError(reply.error));
        this.pump();
      });
      child.onExit(() => {
        for (const pending of worker.jobs.values()) pending.reject(child.exitError('export worker stopped'));
        worker.jobs.clear();
      });
      this.workers.push(worker);
    }
  }

  run(entry: FileEntry, outputs: PlannedOutput[], ctx: ExportContext): Promise<OutputRecord[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { type: 'job', id: this.nextId++, entry, outputs, ctx }, resolve, reject });
      this.pump();
    });
  }

  kill(reason: Error): void {
    for (const worker of this.workers) {
      worker.child.ignoreExit();
      worker.child.kill('SIGKILL');
      for (const pending of worker.jobs.values()) {
        for (const output of pending.job.outputs)
          rmSync(tempPathOf(pending.job.ctx.outRoot, output.file), { force: true });
        pending.reject(reason);
      }
      worker.jobs.clear();
    }
    for (const pending of this.queue.splice(0)) pending.reject(reason);
  }

  close(): void {
    for (const worker of this.workers) worker.child.disconnect();
  }

  private pump(): void {
    for (const worker of this.workers) {
      while (worker.jobs.size < 2 && this.queue.length) {
        const pending = this.queue.shift()!;
        worker.jobs.set(pending.job.id, pending);
        worker.child.send(pending.job);
      }
    }
  }
}
