import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CancelledError, UsageError } from '../util/errors';
import type { AnalyzeHooks, AnalyzeOptions } from './analyzeDataset';
import type { FromEngine, ToEngine } from './engineProtocol';
import type { DatasetReport } from './report';

/**
 * Runs analyzeDataset in a separate engine process (one per run: it exits when done, so memory is returned).
 * Progress arrives through `hooks.onProgress`, snapshots of the report so far through `hooks.onPartial` (at
 * most every `hooks.partialIntervalMs`, none after the promise settles); aborting `hooks.signal` asks the engine
 * to cancel and kills it if it has not stopped within a second. Errors keep their kind (UsageError,
 * CancelledError).
 */
export function analyzeInEngineProcess(
  root: string,
  options: AnalyzeOptions,
  hooks: AnalyzeHooks = {},
): Promise<DatasetReport> {
  if (hooks.signal?.aborted) return Promise.reject(new CancelledError());
  const { script, execArgv } = engineScript();
  const child: ChildProcess = fork(script, [], {
    serialization: 'advanced',
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const id = 1;
  return new Promise<DatasetReport>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, report?: DatasetReport) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      if (child.connected) child.disconnect();
      if (error) reject(error);
      else resolve(report!);
    };
    const onAbort = () => {
      child.send({ type: 'cancel', id } satisfies ToEngine);
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.once('exit', () => clearTimeout(timer));
      finish(new CancelledError());
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (message: FromEngine) => {
      if (settled) return;
      if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'partial') hooks.onPartial?.(message.report);
      else if (message.type === 'result') finish(undefined, message.report);
      else if (message.type === 'error') {
        const error =
          message.name === 'UsageError'
            ? new UsageError(message.message)
            : message.name === 'CancelledError'
              ? new CancelledError()
              : new Error(message.message);
        finish(error);
      }
    });
    child.on('exit', (code, signal) =>
      finish(
        new Error(
          `the analysis engine stopped unexpectedly (${signal ?? `exit code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`,
        ),
      ),
    );
    child.send({
      type: 'analyze',
      id,
      root,
      options,
      partials: hooks.onPartial !== undefined,
      partialIntervalMs: hooks.partialIntervalMs,
    } satisfies ToEngine);
  });
}

function engineScript(): { script: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'engine.js');
  if (existsSync(bundled)) return { script: bundled, execArgv: [] };
  return { script: path.join(__dirname, 'engineProcess.ts'), execArgv: ['--import', 'tsx'] };
}
