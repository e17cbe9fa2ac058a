import { ToHost, type Thumbnail } from '../src/protocol/messages';
import { rpc } from './vscodeApi';

const BATCH = 48;
/** Thumbnails kept: browsing 70,000 images must not keep 70,000 data URLs. The oldest go first. */
const KEEP = 3000;

/**
 * Thumbnails fetched from the host on demand (only for cells on screen), batched per animation frame and cached;
 * listeners are told when some arrive so the grids redraw.
 */
export class ThumbnailStore extends EventTarget {
  private readonly cache = new Map<string, Thumbnail | 'pending'>();
  private queued = new Set<string>();
  private scheduled = false;

  constructor(private size: number) {
    super();
  }

  setSize(size: number): void {
    if (size === this.size) return;
    this.size = size;
    this.cache.clear();
    this.dispatchEvent(new Event('change'));
  }

  get(file: string): Thumbnail | undefined {
    const entry = this.cache.get(file);
    return entry === 'pending' ? undefined : entry;
  }

  /** Asks for these files' thumbnails unless cached or already on the way. */
  want(files: readonly string[]): void {
    for (const file of files) if (!this.cache.has(file)) this.queued.add(file);
    if (this.queued.size === 0 || this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  /** Drops the thumbnails received longest ago (a Map iterates in insertion order) beyond KEEP. */
  private forgetOldest(): void {
    for (const [file, entry] of this.cache) {
      if (this.cache.size <= KEEP) return;
      if (entry !== 'pending') this.cache.delete(file);
    }
  }

  private flush(): void {
    this.scheduled = false;
    const files = [...this.queued];
    this.queued = new Set();
    for (let i = 0; i < files.length; i += BATCH) {
      const batch = files.slice(i, i + BATCH);
      for (const file of batch) this.cache.set(file, 'pending');
      const size = this.size;
      rpc
        .request(ToHost.thumbnails, { files: batch, size })
        .then((thumbs) => {
          if (size !== this.size) return;
          for (const t of thumbs) this.cache.set(t.file, t);
          this.forgetOldest();
        })
        .catch((error: unknown) => {
          for (const file of batch) this.cache.set(file, { file, error: (error as Error).message });
        })
        .finally(() => this.dispatchEvent(new Event('change')));
    }
  }
}
