import { constants } from 'node:os';

/**
 * Signals after which a process of ours stops cleanly, as on Ctrl-C (workers stopped, temporary files removed):
 * Ctrl-C, `kill`, and a closed terminal or SSH session.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The exit code of a process stopped by `signal`, as shells report it: 128 + its number (SIGINT 130, SIGTERM 143). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
