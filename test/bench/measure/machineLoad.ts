import os from 'node:os';

/** A 1-minute load average above this when a bench starts marks its run as taken under load (scale, content). */
export const BUSY_LOAD_AVERAGE = 0.5;

/**
 * Cores used by processes outside the measured tree (median over a set's runs) past which the analysis and
 * augmentation benches call their figures taken under load; an analysis run past it is also repeated.
 */
export const BUSY_LOAD = 0.25;

/** The 1-minute load average: read before a bench runs anything, it is other jobs' load. */
export function loadAverageNow(): number {
  return os.loadavg()[0];
}
