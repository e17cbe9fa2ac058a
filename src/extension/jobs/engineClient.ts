import * as path from 'node:path';
import type { AnalyzeHooks, AnalyzeOptions } from '../../core/engine/analyzeOptions';
import type { DatasetReport } from '../../core/engine/report';
import { forkChild } from '../../core/util/childProcess';
import { decodeError } from '../../core/util/errorCodec';
import { CancelledError } from '../../core/util/errors';
import type { FromEngine, ToEngine } from './engineProtocol';

/**
 * Runs analyzeDataset in a separate engine process (one per run: it exits when done, so memory is returned).
 * Progress arrives through `hooks.onProgress`, snapshots of the report so far through `hooks.onSnapshot` (at
 * most every `hooks.snapshotIntervalMs`, none after the promise settles), notices through `hooks.onNotice`;
 * aborting `hooks.signal` asks the engine to cancel and kills it if it has not stopped within a second. Errors
 * keep their kind (UsageError, CancelledError).
 */
export function analyzeInEngineProcess(
  root: string,
  options: AnalyzeOptions,
  hooks: AnalyzeHooks = {},
): Promise<DatasetReport> {
  if (hooks.signal?.aborted) return Promise.reject(new CancelledError());
  const child = forkChild<ToEngine, FromEngine>({
    // dist/engine.js beside the extension's bundle; engineProcess.ts when running from source.
    bundleDir: __dirname,
    bundle: 'engine.js',
    source: path.join(__dirname, 'engineProcess.ts'),
    stderr: 'tail',
  });
  const id = 1;
  return new Promise<DatasetReport>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, report?: DatasetReport) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      child.disconnect();
      if (error) reject(error);
      else resolve(report!);
    };
    const onAbort = () => {
      child.send({ type: 'cancel', id });
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.onExit(() => clearTimeout(timer));
      finish(new CancelledError());
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    child.onMessage((message) => {
      if (settled) return;
      if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'snapshot') hooks.onSnapshot?.(message.report);
      else if (message.type === 'notice') hooks.onNotice?.(message.message);
      else if (message.type === 'result') finish(undefined, message.report);
      else if (message.type === 'error') finish(decodeError(message.error));
    });
    child.onExit(() => finish(child.exitError('the analysis engine stopped unexpectedly')));
    child.send({
      type: 'analyze',
      id,
      root,
      options,
      snapshots: hooks.onSnapshot !== undefined,
      snapshotIntervalMs: hooks.snapshotIntervalMs,
    });
  });
}
