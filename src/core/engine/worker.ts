/**
 * Entry point of an analysis worker process (forked by WorkerPool). Decoding runs here, so a decoder crash or
 * a long decode never touches the caller's thread (the CLI's or the VS Code extension host's).
 */
import { analyzeBatch } from './analyzeFile';
import { isAnalyzeBatchRequest, type AnalyzeBatchResponse } from './workerProtocol';

process.on('message', (message: unknown) => {
  if (!isAnalyzeBatchRequest(message)) return;
  void analyzeBatch(message.entries, message.options).then((results) => {
    const response: AnalyzeBatchResponse = { type: 'results', batchId: message.batchId, results };
    process.send?.(response);
  });
});
process.on('disconnect', () => process.exit(0));
