/**
 * Entry point of an analysis worker process (forked by WorkerPool). Decoding runs here, so a decoder crash or
 * a long decode never touches the caller's thread (the CLI's or the VS Code extension host's).
 */
import { parentChannel } from '../util/childProcess';
import { disableSharpCache } from '../util/lazySharp';
import { analyzeBatch } from './analyzeFile';
import { packResults } from '../records/resultPacking';
import { messageOf } from '../util/errors';
import { isAnalyzeBatchRequest, type AnalyzeBatchFailure, type AnalyzeBatchResponse } from './workerProtocol';

disableSharpCache();
const parent = parentChannel<AnalyzeBatchResponse | AnalyzeBatchFailure, unknown>();

/** Batches run one after another (see analyzeBatch); the parent keeps the next one queued here. */
let queue: Promise<void> = Promise.resolve();

parent.onMessage((message) => {
  if (!isAnalyzeBatchRequest(message)) return;
  queue = queue.then(async () => {
    // Results go back unnamed: the parent names them from its own batch (see unpackResults).
    const entries = message.opens.map((open, k) => ({
      file: '',
      open,
      size: message.sizes[k],
      content: message.contents?.[k] ?? undefined,
    }));
    try {
      const results = await analyzeBatch(entries, message.options);
      const response: AnalyzeBatchResponse = {
        type: 'results',
        batchId: message.batchId,
        packed: packResults(results),
      };
      parent.send(response);
    } catch (error) {
      // Decoding never throws (failures are per-file results): this is the content model failing to load or
      // run, which no file is to blame for. The run stops with the reason.
      const failure: AnalyzeBatchFailure = {
        type: 'failed',
        batchId: message.batchId,
        message: messageOf(error),
      };
      parent.send(failure);
    }
  });
});

process.on('disconnect', () => process.exit(0));
