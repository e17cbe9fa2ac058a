import * as path from 'node:path';
import { forkChild, type ChildChannel } from '../../core/util/childProcess';
import { decodeError } from '../../core/util/errorCodec';
import { CancelledError } from '../../core/util/errors';
import type { PipelineIssueView } from '../../protocol/messages';
import type { FromJob, Job, JobProgress, JobResults, ToJob } from './jobProtocol';

/** A job failed in the job process; pipeline validation failures carry every issue. */
export class JobError extends Error {
  constructor(
    cause: Error,
    readonly issues?: PipelineIssueView[],
  ) {
    super(cause.message, { cause });
    this.name = cause.name === 'Error' ? 'JobError' : cause.name;
    if (cause.stack) this.stack = cause.stack;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: JobProgress): void;
}

export interface JobHooks {
  signal?: AbortSignal;
  onProgress?(progress: JobProgress): void;
}

/**
 * Runs jobs in one forked process (dist/jobs.js), started on first use and stopped after `idleMs` without work,
 * so a warm preview does not pay for a fork and an idle window holds no process. A crash rejects what was running;
 * the next job starts a fresh process.
 */
export class JobClient {
  private child: ChildChannel<ToJob, FromJob> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

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

  private ensureChild(): ChildChannel<ToJob, FromJob> {
    if (this.child) return this.child;
    const child = forkChild<ToJob, FromJob>({
      bundleDir: this.distDir,
      bundle: 'jobs.js',
      source: path.join(__dirname, 'jobProcess.ts'),
      stderr: 'tail',
    });
    child.onMessage((message) => this.onMessage(message));
    child.onExit(() => {
      if (this.child !== child) return;
      this.child = undefined;
      this.stop(child.exitError('the job process stopped unexpectedly'));
    });
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
    if (message.type === 'result') {
      waiting.resolve(message.result);
    } else {
      const error = decodeError(message.error);
      waiting.reject(error instanceof CancelledError ? error : new JobError(error, message.issues));
    }
    this.scheduleIdle();
  }

  private send(message: ToJob, child = this.child): void {
    child?.send(message);
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
      child.disconnect();
      child.kill();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      timer.unref?.();
      void child.whenExited().then(() => clearTimeout(timer));
    }
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(reason);
    }
  }
}
