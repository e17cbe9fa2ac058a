import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CancelledError } from '../../core/util/errors';
import type { PipelineIssueView } from '../../protocol/messages';
import type { FromJob, Job, JobResults, ToJob } from './jobProtocol';

/** A job failed in the job process; pipeline validation failures carry every issue. */
export class JobError extends Error {
  constructor(
    name: string,
    message: string,
    readonly issues?: PipelineIssueView[],
  ) {
    super(message);
    this.name = name === 'Error' ? 'JobError' : name;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: { done: number; total: number; failed: number }): void;
}

export interface JobHooks {
  signal?: AbortSignal;
  onProgress?(progress: { done: number; total: number; failed: number }): void;
}

/**
 * Runs jobs in one forked process (dist/jobs.js), started on first use and stopped after `idleMs` without work,
 * so a warm preview does not pay for a fork and an idle window holds no process. A crash rejects what was running;
 * the next job starts a fresh process.
 */
export class JobClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private stderr = '';

  constructor(
    readonly distDir: string,
    private readonly idleMs = 120_000,
  ) {}

  /** Whether a process is currently running (tests check disposal). */
  get isRunning(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  run<K extends Job['type']>(job: Extract<Job, { type: K }>, hooks: JobHooks = {}): Promise<JobResults[K]> {
    if (this.disposed) return Promise.reject(new CancelledError());
    if (hooks.signal?.aborted) return Promise.reject(new CancelledError());
    const child = this.ensureChild();
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise<JobResults[K]>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.send({ type: 'cancel', id });
        reject(new CancelledError());
        this.scheduleIdle();
      };
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          hooks.signal?.removeEventListener('abort', onAbort);
          resolve(value as JobResults[K]);
        },
        reject: (error) => {
          hooks.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onProgress: hooks.onProgress,
      });
      this.send({ type: 'run', id, job }, child);
    });
  }

  /** Stops the process and rejects whatever was running. Idempotent. */
  dispose(): void {
    this.disposed = true;
    this.stop(new CancelledError());
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const bundled = path.join(this.distDir, 'jobs.js');
    const script = existsSync(bundled) ? bundled : path.join(__dirname, 'jobProcess.ts');
    const execArgv = existsSync(bundled) ? [] : ['--import', 'tsx'];
    const child = fork(script, [], {
      serialization: 'advanced',
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.stderr = '';
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)),
    );
    child.on('message', (message: FromJob) => this.onMessage(message));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      const detail = this.stderr.trim() ? `: ${this.stderr.trim()}` : '';
      this.stop(
        new Error(`the job process stopped unexpectedly (${signal ?? `exit code ${code}`})${detail}`),
      );
    });
    child.on('error', () => undefined);
    this.child = child;
    return child;
  }

  private onMessage(message: FromJob): void {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    if (message.type === 'progress') {
      waiting.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') waiting.resolve(message.result);
    else if (message.name === 'CancelledError') waiting.reject(new CancelledError());
    else waiting.reject(new JobError(message.name, message.message, message.issues));
    this.scheduleIdle();
  }

  private send(message: ToJob, child = this.child): void {
    if (child?.connected) child.send(message);
  }

  private scheduleIdle(): void {
    if (this.pending.size > 0 || !this.child) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.stop(new CancelledError());
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private stop(reason: Error): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = undefined;
    if (child) {
      if (child.connected) child.disconnect();
      child.kill();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      timer.unref?.();
      child.once('exit', () => clearTimeout(timer));
    }
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(reason);
    }
  }
}
