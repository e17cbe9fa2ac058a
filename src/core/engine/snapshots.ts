import type { WalkCounters } from '../scan/walk';
import type { AnalyzeHooks, AnalyzeProgress } from './analyzeOptions';
import type { FinishExtra, ReportBuilder } from './reportBuilder';

/** Least time between two snapshots (ms). */
export const SNAPSHOT_INTERVAL_MS = 1500;
/**
 * After a snapshot that took T ms to build and hand over, the next waits at least this many times T, so
 * snapshots never take more than 1 / (1 + factor) ≈ 5% of a run, however big the dataset.
 */
export const SNAPSHOT_COST_FACTOR = 20;

/**
 * Runs `work` when poked, at most once per `intervalMs` and never sooner than `costFactor` times the last run's
 * duration after it ended. A poke that is too early costs one clock read.
 */
export class AdaptiveThrottle {
  private next: number;
  /** Runs so far and the time they took (ms): what tests and benchmarks look at. */
  runs = 0;
  spentMs = 0;

  constructor(
    private readonly work: () => void,
    private readonly intervalMs = SNAPSHOT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
    private readonly costFactor = SNAPSHOT_COST_FACTOR,
  ) {
    this.next = now() + intervalMs;
  }

  /** True while it is too early to run (one clock read). */
  waiting(): boolean {
    return this.now() < this.next;
  }

  /** Runs the work if its time has come; true when it ran. */
  poke(): boolean {
    const started = this.now();
    if (started < this.next) return false;
    this.work();
    const ended = this.now();
    const took = ended - started;
    this.runs++;
    this.spentMs += took;
    this.next = ended + Math.max(this.intervalMs, this.costFactor * took);
    return true;
  }
}

/**
 * What analyzeDataset calls after each file it records: hands `hooks.onSnapshot` a snapshot of the report so far
 * (marked `partial`), throttled by AdaptiveThrottle. The snapshot is taken in a microtask, once the batch being
 * recorded (results arrive a batch at a time) is in, and not at all once the last file is. Undefined (nothing to
 * call) when nobody listens.
 */
export function snapshotReporter(
  hooks: AnalyzeHooks,
  builder: ReportBuilder,
  counters: WalkCounters,
  progress: AnalyzeProgress,
  extra: () => FinishExtra,
): (() => void) | undefined {
  const onSnapshot = hooks.onSnapshot;
  if (!onSnapshot) return undefined;
  const throttle = new AdaptiveThrottle(
    () =>
      onSnapshot(
        builder.snapshot(counters, extra(), {
          done: progress.done,
          total: progress.total,
          scanning: progress.scanning,
        }),
      ),
    hooks.snapshotIntervalMs,
  );
  // After the last file the final report follows at once: no snapshot.
  const finished = () => !progress.scanning && progress.done >= progress.total;
  let queued = false;
  let failed = false;
  return () => {
    if (queued || failed || throttle.waiting()) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (finished()) return;
      try {
        throttle.poke();
      } catch {
        // Outside the run's own promise chain: a failing snapshot must not crash the process. The run goes on
        // without snapshots; its final report (or its error) is what counts.
        failed = true;
      }
    });
  };
}
