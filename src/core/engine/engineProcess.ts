/**
 * Entry point of the engine process (dist/engine.js): the VS Code extension forks it and asks it to analyse
 * folders, so scanning, aggregation and decoding (in its own worker processes) never run on the extension
 * host's thread, and a crash here cannot take the extension host down.
 */
import { analyzeDataset } from './analyzeDataset';
import type { FromEngine, ToEngine } from './engineProtocol';

const running = new Map<number, AbortController>();

function send(message: FromEngine): void {
  process.send?.(message);
}

process.on('message', (message: ToEngine) => {
  if (message?.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  if (message?.type !== 'analyze') return;
  const controller = new AbortController();
  running.set(message.id, controller);
  let lastProgress = 0;
  analyzeDataset(message.root, message.options, {
    signal: controller.signal,
    onProgress: (progress) => {
      // At most ~10 progress messages a second: the host only redraws a bar.
      const now = Date.now();
      if (now - lastProgress < 100 && progress.scanning) return;
      lastProgress = now;
      send({ type: 'progress', id: message.id, progress });
    },
    // Sent from inside the throttled snapshot, so its cost (serialising the report) counts in the throttle.
    onPartial: message.partials ? (report) => send({ type: 'partial', id: message.id, report }) : undefined,
    partialIntervalMs: message.partialIntervalMs,
  })
    .then((report) => send({ type: 'result', id: message.id, report }))
    .catch((error: Error) =>
      send({ type: 'error', id: message.id, name: error.name, message: error.message }),
    )
    .finally(() => running.delete(message.id));
});
process.on('disconnect', () => process.exit(0));
