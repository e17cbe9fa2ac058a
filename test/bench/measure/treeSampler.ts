import { CLOCK_TICKS_PER_S, descendantsOf, listProcesses, pssKb, rssKb, type ProcessInfo } from './procfs';
import { sum } from './stats';

/** Re-list the process tree, and read Pss, every this many samples: both are costly (see treeSampler). */
const RESCAN_EVERY = 5;
export const PSS_EVERY = 10;

export interface TreePeak {
  peakRssKb: number;
  peakPssKb: number;
  processes: number;
}

export interface TreeSampler {
  readonly peak: TreePeak;
  sample(): void;
  /** CPU seconds used by processes outside the tree meanwhile (a lower bound). */
  backgroundCpuS(): number;
}

/**
 * Peak memory of `rootPid` and all its descendants, in kB. VmRSS counts pages shared between processes
 * (forked Python workers share most of theirs) once per process; Pss splits them fairly, so the sum of Pss is
 * the better "what does this cost" figure. Both are reported.
 *
 * Listing /proc and reading smaps_rollup (which walks page tables) are slow system calls in this VM: done on
 * every tick they took a sizeable share of a core from the measured tools. Trees only change at start-up, so
 * descendants are re-listed on every tick at first, then every RESCAN_EVERY ticks; Pss is read every PSS_EVERY
 * ticks (or on a new RSS high); VmRSS of the known processes on every tick.
 */
export function treeSampler(rootPid: number, rootIsWrapper: boolean): TreeSampler {
  const peak: TreePeak = { peakRssKb: 0, peakPssKb: 0, processes: 0 };
  const background = backgroundCpu(rootPid);
  let pids = [rootPid];
  let ticks = 0;
  let rssAtLastPss = 0;
  const sample = (): void => {
    const tick = ticks++;
    if (tick < RESCAN_EVERY || tick % RESCAN_EVERY === 0) {
      const procs = listProcesses();
      // A wrapper (GNU time) is neither counted nor measured.
      pids = descendantsOf(rootPid, procs).slice(rootIsWrapper ? 1 : 0);
      background.update(procs, pids);
    }
    const rss = pids.map(rssKb).filter((kb): kb is number => kb !== undefined);
    const treeRssKb = sum(rss);
    peak.peakRssKb = Math.max(peak.peakRssKb, treeRssKb);
    peak.processes = Math.max(peak.processes, rss.length);
    // Also on a fresh 10% RSS high, so short runs (< PSS_EVERY ticks) still get a meaningful Pss peak.
    if (tick % PSS_EVERY === 0 || treeRssKb > 1.1 * rssAtLastPss) {
      rssAtLastPss = treeRssKb;
      peak.peakPssKb = Math.max(peak.peakPssKb, sum(pids.map((pid) => pssKb(pid) ?? 0)));
    }
  };
  return { peak, sample, backgroundCpuS: () => background.seconds() };
}

/**
 * CPU time used during a run by processes outside the measured tree (and outside this script): on a shared
 * machine another job can halve a tool's speed, and this says when that happened. Processes that live less
 * than one rescan are missed, so it is a lower bound.
 */
function backgroundCpu(rootPid: number): {
  update(procs: ReadonlyMap<number, ProcessInfo>, tree: readonly number[]): void;
  seconds(): number;
} {
  // pid -> [ticks when first seen (0 if born during the run), ticks last seen]
  const used = new Map<number, [number, number]>();
  let first = true;
  return {
    update(procs, tree) {
      const skip = new Set([...tree, process.pid, rootPid]);
      for (const [pid, { ticks }] of procs) {
        if (skip.has(pid)) continue;
        const entry = used.get(pid) ?? [first ? ticks : 0, ticks];
        entry[1] = ticks;
        used.set(pid, entry);
      }
      first = false;
    },
    seconds: () => sum([...used.values()].map(([from, to]) => to - from)) / CLOCK_TICKS_PER_S,
  };
}
