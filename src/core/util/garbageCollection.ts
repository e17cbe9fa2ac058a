import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * When a worker should collect its garbage. A worker's young generation is small (see WORKER_V8_FLAGS), so buffers
 * that live across a few of its scavenges (a file's bytes while sharp decodes it, now and then a decoded image)
 * are promoted, and once dead wait for a full collection, which a worker's small heap almost never needs: V8
 * collects for external memory only past 64 MB of it. Those dead buffers were most of a photo worker's growth
 * over a run (measured with the pixel run of `npm run bench:content`). So a worker collects once its external memory (the
 * buffers outside V8's heap) has grown by `stepBytes` over what the last collection left: after every large
 * image, and every few hundred photos.
 */
export class ExternalGrowth {
  private base: number;
  /** Collected, not yet settled: the buffers it freed may still be counted. */
  private pending = false;

  /** `collect`: global gc (workers run with --expose-gc); without it, never due. `external`: bytes, now. */
  constructor(
    private readonly stepBytes: number,
    private readonly collect: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
    private readonly external: () => number = () => getHeapStatistics().external_memory,
  ) {
    this.base = external();
  }

  /** Whether external memory has grown by the step since the last collection (or since the start). */
  get due(): boolean {
    return !this.pending && this.collect !== undefined && this.external() - this.base >= this.stepBytes;
  }

  /**
   * Collects now. Node frees a native buffer in a callback after the collection that found it dead: call
   * `settled` a turn later, when what is left is the new base.
   */
  collectNow(): void {
    this.pending = true;
    this.collect?.();
  }

  settled(): void {
    this.pending = false;
    this.base = this.external();
  }
}

/**
 * V8's full collection, also in a process started without --expose-gc (the CLI, the extension's engine process):
 * the flag takes effect for contexts made after it is set, so a new context carries `gc` (as jest-leak-detector
 * does). For engine processes only: it stops the process for the collection.
 */
export function fullCollection(): () => void {
  if (!collector) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (!exposed) setFlagsFromString('--expose-gc');
    collector = exposed ?? (runInNewContext('gc') as () => void);
  }
  return collector;
}
let collector: (() => void) | undefined;
