import { forkAnalysisWorker, type WorkerChannel } from './workerProcess';

/**
 * Analysis workers started ahead of need, before the rest of the program has loaded: the CLI's entry
 * (src/cli/entry.ts) forks them first thing for a run that will decode every file, so their start-up overlaps
 * the main process's own. The first WorkerPool takes them instead of forking its own.
 *
 * They wait in a process-wide slot, not in a variable of this module: the entry and the CLI are separate bundles,
 * each with its own copy of this module. A held worker does not keep the process alive (ChildChannel.unref): a run
 * that turns out not to need it (a missing folder, an empty one) exits as it would have, and the worker exits
 * when its channel closes with the process (worker.ts).
 */
const SLOT = Symbol.for('dataset-lens.prestartedWorkers');

interface WithSlot {
  [SLOT]?: WorkerChannel[];
}

function held(): WorkerChannel[] {
  const holder = globalThis as WithSlot;
  return (holder[SLOT] ??= []);
}

/** Forks `count` analysis workers now, to be taken by takePrestartedWorker(). */
export function prestartWorkers(count: number): void {
  for (let k = 0; k < count; k++) {
    const worker = forkAnalysisWorker();
    worker.unref();
    held().push(worker);
  }
}

/** A prestarted worker still running, now keeping the process alive as any worker does; undefined when none. */
export function takePrestartedWorker(): WorkerChannel | undefined {
  const workers = held();
  while (workers.length > 0) {
    const worker = workers.shift()!;
    if (!worker.connected) continue;
    worker.ref();
    return worker;
  }
  return undefined;
}

/** Lets the workers nobody took go: the run needed fewer. */
export function releasePrestartedWorkers(): void {
  for (const worker of held().splice(0)) worker.disconnect();
}
