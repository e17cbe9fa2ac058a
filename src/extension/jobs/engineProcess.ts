/**
 * Entry point of the engine process (dist/engine.js): the VS Code extension forks it and asks it to analyse
 * folders, so scanning, aggregation and decoding (in its own worker processes) never run on the extension
 * host's thread, and a crash here cannot take the extension host down.
 */
import { analyzeDataset } from '../../core/engine/analyzeDataset';
import { parentChannel } from '../../core/util/childProcess';
import { encodeError } from '../../core/util/errorCodec';
import { exitCodeForSignal, STOP_SIGNALS } from '../../core/util/stopSignals';
import type { FromEngine, ToEngine } from './engineProtocol';

/** Runs under way: how to cancel each, and when it has settled (its workers stopped, its temporary files gone). */
const running = new Map<number, { controller: AbortController; settled: Promise<void> }>();
/** How long a stop waits for the runs to clean up before exiting anyway (a later run removes what is left). */
const STOP_GRACE_MS = 5000;

const host = parentChannel<FromEngine, ToEngine>();
const send = host.send;

host.onMessage((message) => {
  if (message?.type === 'cancel') {
    running.get(message.id)?.controller.abort();
    return;
  }
  if (message?.type !== 'analyze') return;
  const controller = new AbortController();
  let lastProgress = 0;
  const settled = analyzeDataset(message.root, message.options, {
    signal: controller.signal,
    onProgress: (progress) => {
      // At most ~10 progress messages a second: the host only redraws a bar.
      const now = Date.now();
      if (now - lastProgress < 100 && progress.scanning) return;
      lastProgress = now;
      send({ type: 'progress', id: message.id, progress });
    },
    // Sent from inside the throttled snapshot, so its cost (serialising the report) counts in the throttle.
    onSnapshot: message.snapshots
      ? (report) => send({ type: 'snapshot', id: message.id, report })
      : undefined,
    snapshotIntervalMs: message.snapshotIntervalMs,
    onNotice: (notice) => send({ type: 'notice', id: message.id, message: notice }),
  })
    .then((report) => send({ type: 'result', id: message.id, report }))
    .catch((error: unknown) => send({ type: 'error', id: message.id, error: encodeError(error) }))
    .finally(() => running.delete(message.id));
  running.set(message.id, { controller, settled });
});

/**
 * Cancels every run, waits for them to clean up as a cancel does, then exits with `code`. Once: a second
 * request while stopping changes nothing.
 */
let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  const runs = [...running.values()];
  for (const run of runs) run.controller.abort();
  const grace = setTimeout(() => process.exit(code), STOP_GRACE_MS);
  void Promise.allSettled(runs.map((run) => run.settled)).then(() => {
    clearTimeout(grace);
    process.exit(code);
  });
}

// The host gone (the extension host quit or crashed): nobody waits for a report.
process.on('disconnect', () => stop(0));
// Stopped from outside (kill, a closed session, Ctrl-C in the host's terminal).
for (const signal of STOP_SIGNALS) process.on(signal, () => stop(exitCodeForSignal(signal)));
