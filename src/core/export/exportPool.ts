import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { FileEntry } from '../scan/scanDataset';
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
  { type: 'done'; id: number; records: OutputRecord[] } | { type: 'failed'; id: number; message: string };

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
  private readonly workers: { child: ChildProcess; jobs: Map<number, Pending> }[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(size: number) {
    const { script, execArgv } = exportWorkerScript();
    for (let i = 0; i < size; i++) {
      const child = fork(script, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
      const worker = { child, jobs: new Map<number, Pending>() };
      child.on('message', (reply: ExportJobResult) => {
        const pending = worker.jobs.get(reply.id);
        if (!pending) return;
        worker.jobs.delete(reply.id);
        if (reply.type === 'done') pending.resolve(reply.records);
        else pending.reject(new Error(reply.message));
        this.pump();
      });
      child.on('exit', (code, signal) => {
        for (const pending of worker.jobs.values())
          pending.reject(new Error(`export worker stopped (${signal ?? `exit code ${code}`})`));
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
      worker.child.removeAllListeners('exit');
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
    for (const worker of this.workers) if (worker.child.connected) worker.child.disconnect();
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

function exportWorkerScript(): { script: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'export-worker.js');
  if (existsSync(bundled)) return { script: bundled, execArgv: [] };
  return { script: path.join(__dirname, 'exportWorker.ts'), execArgv: ['--import', 'tsx'] };
}
