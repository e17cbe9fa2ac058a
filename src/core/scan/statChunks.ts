import { statSync } from 'node:fs';
import type { FileEntry } from './scanPlan';
import { StatThread, statPaths, type StatResults } from './statThread';
import type { WalkCounters } from './walk';

/**
 * Chunks handed to the stat thread ahead of the one being filled in. The thread is the slower of the two: with
 * 32 the walk ends ahead of it, and the caller can use that time (onListed: the unchanged-folder check parses
 * its stored report then). 8k entries are little memory.
 */
const CHUNKS_AHEAD = 32;

/** What statChunks needs of a StatThread. */
export type StatWorker = Pick<StatThread, 'stat' | 'close'>;

export interface StatChunksOptions {
  /** Called once every chunk has been listed, while the last stats are still being taken. */
  onListed?(): void;
  /** Makes the stat thread (default: a StatThread; tests pass one that fails). */
  startThread?(): StatWorker;
}

/**
 * The walk's chunks (listed without stat) with each entry's size and mtime, in walk order, stat'ed on a
 * StatThread while the walk lists ahead: one stat per file is most of what scanning a cached folder costs. An
 * entry whose stat fails goes to counters.unlistable, as the walk's own stat would have put it (later in that
 * list than the walk would have: the list is reported sorted). If the thread cannot start or fails, this thread
 * stats instead: slower, never a failed run.
 */
export async function* statChunks(
  chunks: AsyncIterable<FileEntry[]>,
  counters: WalkCounters,
  options: StatChunksOptions = {},
): AsyncGenerator<FileEntry[]> {
  const thread = startOrUndefined(options.startThread ?? (() => new StatThread()));
  let closed = false;
  const closeThread = () => {
    if (closed) return;
    closed = true;
    void thread?.close().catch(() => undefined);
  };
  const queue: { chunk: FileEntry[]; stats: Promise<StatResults> }[] = [];
  async function* filledUntil(keep: number): AsyncGenerator<FileEntry[]> {
    while (queue.length > keep) {
      const { chunk, stats } = queue.shift()!;
      const results = await stats.catch(() => statPaths(pathsOf(chunk), statHere));
      yield filled(chunk, results, counters);
    }
  }
  try {
    for await (const chunk of chunks) {
      const stats = thread
        ? thread.stat(pathsOf(chunk))
        : Promise.resolve(statPaths(pathsOf(chunk), statHere));
      // Awaited in turn (above); marked handled now so that a failed thread is not an unhandled rejection.
      stats.catch(() => undefined);
      queue.push({ chunk, stats });
      yield* filledUntil(CHUNKS_AHEAD);
    }
    options.onListed?.();
    // The thread goes as soon as it has answered, not when the caller has taken the last chunk: a caller that
    // analyses as it goes takes them slowly, and the thread's own heap would stay for the whole run.
    void Promise.allSettled(queue.map(({ stats }) => stats)).then(closeThread);
    yield* filledUntil(0);
  } finally {
    closeThread();
  }
}

function startOrUndefined(start: () => StatWorker): StatWorker | undefined {
  try {
    return start();
  } catch {
    return undefined;
  }
}

function pathsOf(chunk: FileEntry[]): (string | Uint8Array)[] {
  return chunk.map((entry) => entry.open);
}

function statHere(path: string | Uint8Array): { size: number; mtimeMs: number } {
  return statSync(typeof path === 'string' ? path : Buffer.from(path));
}

/** The chunk's entries that could be stat'ed, with their size and mtime; the others become unlistable. */
function filled(
  chunk: FileEntry[],
  { sizes, mtimes, errors }: StatResults,
  counters: WalkCounters,
): FileEntry[] {
  const out: FileEntry[] = [];
  chunk.forEach((entry, i) => {
    const error = errors[i];
    if (error !== undefined) {
      counters.unlistable.push({ file: entry.file, message: error });
      return;
    }
    entry.size = sizes[i];
    entry.mtimeMs = mtimes[i];
    out.push(entry);
  });
  return out;
}
