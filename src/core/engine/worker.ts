/**
 * Entry point of an analysis worker process (forked by WorkerPool). Decoding runs here, so a decoder crash or
 * a long decode never touches the caller's thread (the CLI's or the VS Code extension host's).
 */
import { disableSharpCache } from '../util/lazySharp';
import { analyzeBatch } from './analyzeFile';
import { packResults } from './resultPacking';
import { isAnalyzeBatchRequest, type AnalyzeBatchResponse } from './workerProtocol';

disableSharpCache();

/** Batches run one after another (see analyzeBatch); the parent keeps the next one queued here. */
let queue: Promise<void> = Promise.resolve();

process.on('message', (message: unknown) => {
  if (!isAnalyzeBatchRequest(message)) return;
  queue = queue.then(async () => {
    // Results go back unnamed: the parent names them from its own batch (see unpackResults).
    const entries = message.opens.map((open, k) => ({ file: '', open, size: message.sizes[k] }));
    const results = await analyzeBatch(entries, message.options);
    const response: AnalyzeBatchResponse = {
      type: 'results',
      batchId: message.batchId,
      packed: packResults(results),
    };
    process.send?.(response);
    collectIfBuffersPileUp();
  });
});

/**
 * On tiny images a worker allocates little on the JS heap but ~300 KB of buffers per batch (histograms, packed
 * results, their serialised copies), and V8, which collects on heap growth or after ~64 MB of new buffers, let
 * dead ones reach ~40 MB; glibc then kept that high-water mark (1M files: a worker went from 25 to 60 MB of
 * anonymous memory). Every 16 batches, past 24 MB of buffers, a full collection (a few ms on this small heap;
 * `gc` exists because the pool starts workers with --expose-gc). Measured with the mmap threshold in
 * workerPool.ts: 25-36 MB.
 */
const BUFFER_LIMIT = 24 * 1024 * 1024;
let batchesSent = 0;
function collectIfBuffersPileUp(): void {
  if (++batchesSent % 16 !== 0) return;
  const gc = (globalThis as { gc?: (options: { type: 'major' }) => void }).gc;
  if (gc && process.memoryUsage().arrayBuffers > BUFFER_LIMIT) gc({ type: 'major' });
}
process.on('disconnect', () => process.exit(0));
