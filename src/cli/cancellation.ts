import { CancelledError } from '../core/util/errors';
import { STOP_SIGNALS } from '../core/util/stopSignals';

/**
 * Runs `work` with an AbortSignal that fires on any of STOP_SIGNALS, so long commands stop cleanly. The
 * CancelledError it ends with names the signal, for the exit code. Each signal is caught once: a second Ctrl-C
 * while cleaning up stops the process at once (the next run removes what it left: removeDeadOwnersTemps).
 */
export async function withCancellation<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (received && error instanceof CancelledError) throw new CancelledError(received);
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
