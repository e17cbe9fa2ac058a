import { BUSY_LOAD } from '../measure/machineLoad';

/** The date of a run as the history tables show it (UTC day). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The heading of a section's latest results. */
export function latestHeading(run: number, date: Date, commit: string): string {
  return `### Latest: run ${run}, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`;
}

export const UNDER_LOAD_NOTE =
  '**Taken under load**: other jobs shared the machine, so these figures and ratios are noisy.';

/**
 * A history row's note when other processes used more than BUSY_LOAD cores (median) during its runs; none otherwise.
 * Judged on the load measured during the runs, not on the load average at the start (which still counts a bench
 * that has just ended).
 */
export function underLoadNote(otherLoad: number): string[] {
  return otherLoad > BUSY_LOAD ? [`under load (other load ${otherLoad.toFixed(2)})`] : [];
}
