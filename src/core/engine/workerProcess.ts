import * as path from 'node:path';
import { forkChild, type ChildChannel } from '../util/childProcess';
import { mallocTuningEnv } from '../util/mallocTuning';
import type { AnalyzeBatchFailure, AnalyzeBatchRequest, AnalyzeBatchResponse } from './workerProtocol';

/** The parent's end of an analysis worker's channel. */
export type WorkerChannel = ChildChannel<AnalyzeBatchRequest, AnalyzeBatchResponse | AnalyzeBatchFailure>;

/**
 * Forks one analysis worker (worker.ts): every worker starts alike, whether a WorkerPool starts it or the CLI's
 * entry starts it ahead of need (prestartedWorkers.ts). It takes no options: each batch carries its own.
 */
export function forkAnalysisWorker(): WorkerChannel {
  return forkChild({
    // dist/worker.js next to the bundle; worker.ts (through tsx) when the engine runs from source in tests.
    bundleDir: __dirname,
    bundle: 'worker.js',
    source: path.join(__dirname, 'worker.ts'),
    nodeFlags: WORKER_V8_FLAGS,
    env: {
      ...mallocTuningEnv(),
      UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? DECODE_THREADS,
    },
  });
}

/**
 * A worker's garbage is all short-lived (file buffers, decoded pixels, histograms until their batch is sent): a
 * 1 MB young generation (V8's default grows to 16 MB per semi-space) holds it, so each worker stays markedly
 * smaller with no measurable slowdown. Without allocation-site pretenuring: V8 otherwise sees a batch's results
 * survive a scavenge or two and starts allocating them in the old generation, where their buffers wait for a full
 * collection; over a million tiny PNGs a worker's memory then kept climbing and the run was slower (measured).
 * `--expose-gc`: a worker collects after each large image (see analyzeFile.ts).
 */
const WORKER_V8_FLAGS = ['--max-semi-space-size=1', '--no-allocation-site-pretenuring', '--expose-gc'];

/**
 * libuv threads of a worker, i.e. sharp decodes running at once in it (small PNGs decode on its main thread). Two
 * keep a core busy while the worker measures the previous image; with four, one worker per core ran four libvips
 * pipelines per core and spent more CPU per photo on their contention than two (measured on real photos).
 * `UV_THREADPOOL_SIZE` in the environment wins.
 */
const DECODE_THREADS = '2';
