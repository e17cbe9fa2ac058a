import os from 'node:os';

/** A 1-minute load average above this when a bench starts marks its run as taken under load. */
export const BUSY_LOAD_AVERAGE = 0.5;

/** The 1-minute load average: read before a bench runs anything, it is other jobs' load. */
export function loadAverageNow(): number {
  return os.loadavg()[0];
}
