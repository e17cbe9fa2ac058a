import { descendantsOf, listProcesses, openFileCount, pssKb, rssKb, type ProcessInfo } from './procfs';

/** One look at a process tree: sums over the tree, the main process's and the largest other process's figures. */
export interface TreeSample {
  rssKb: number;
  pssKb: number;
  mainKb: number;
  workerKb: number;
  maxFds: number;
}

export const emptyTreeSample = (): TreeSample => ({ rssKb: 0, pssKb: 0, mainKb: 0, workerKb: 0, maxFds: 0 });

/**
 * Sum of RSS (and PSS when `withPss`: reading smaps_rollup walks page tables, so not on every tick) of `rootPid`
 * and all its descendants, the root's RSS and the largest descendant's, most open files of one process.
 * `perProcess`, when given, receives each live process's RSS (kB) and CPU ticks.
 */
export function sampleTree(
  rootPid: number,
  withPss: boolean,
  perProcess?: (pid: number, kb: number, info: ProcessInfo) => void,
): TreeSample {
  const sample = emptyTreeSample();
  const procs = listProcesses();
  for (const pid of descendantsOf(rootPid, procs)) {
    const kb = rssKb(pid);
    const info = procs.get(pid);
    if (kb === undefined || info === undefined) continue; // gone
    perProcess?.(pid, kb, info);
    sample.rssKb += kb;
    if (withPss) sample.pssKb += pssKb(pid) ?? 0;
    if (pid === rootPid) sample.mainKb = kb;
    else sample.workerKb = Math.max(sample.workerKb, kb);
    sample.maxFds = Math.max(sample.maxFds, openFileCount(pid));
  }
  return sample;
}

/** `into` raised, field by field, to at least `sample`. */
export function raisePeak(into: TreeSample, sample: TreeSample): void {
  for (const key of Object.keys(into) as (keyof TreeSample)[]) into[key] = Math.max(into[key], sample[key]);
}
