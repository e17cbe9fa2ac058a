import { availableParallelism } from 'node:os';

/** Worker processes by default: one per core, at most this many. */
export const MAX_DEFAULT_WORKERS = 8;

/**
 * `analyze --content` keeps the peak RSS of its whole process tree (the main process and its workers) under this,
 * whatever the dataset's size and the machine's cores.
 */
export const CONTENT_TREE_MB = 500;
/**
 * Peak RSS of one embedding worker (the node binary's pages, the model's wasm heap, V8's heap and code), and of
 * the main process while workers embed: measured and rounded up, docs/cache-and-scale.md#memory says how.
 */
export const EMBEDDING_WORKER_MB = 115;
export const CONTENT_MAIN_MB = 130;

export interface WorkerPlan {
  /** Worker processes to run (0: in this process). */
  workers: number;
  /** Why fewer run than asked for, or than cores: for the user (the CLI prints it). */
  notice?: string;
}

/**
 * How many worker processes a run uses: `requested` (`--workers`), else one per core up to
 * MAX_DEFAULT_WORKERS. With `--content` each worker holds the embedding model and its buffers, so no more run
 * than CONTENT_TREE_MB holds beside the main process (at least one): embedding is CPU-bound, a machine with more
 * cores then runs it no faster than that many.
 */
export function planWorkers(
  requested: number | undefined,
  content: boolean,
  cores: number = availableParallelism(),
): WorkerPlan {
  const wanted = requested ?? Math.min(MAX_DEFAULT_WORKERS, cores);
  if (!content || wanted === 0) return { workers: wanted };
  const fits = Math.max(1, Math.floor((CONTENT_TREE_MB - CONTENT_MAIN_MB) / EMBEDDING_WORKER_MB));
  if (wanted <= fits) return { workers: wanted };
  return {
    workers: fits,
    notice: `Content analysis runs ${fits} worker processes, not ${wanted}: each holds the embedding model (about ${EMBEDDING_WORKER_MB} MB), and the whole analysis stays under ${CONTENT_TREE_MB} MB (docs/cache-and-scale.md#memory).`,
  };
}
