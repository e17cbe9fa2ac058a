/**
 * Hands items given by position (0, 1, 2, ...) to `emit` in position order, holding those that arrive early:
 * results of batches come back in any order, while the cache file and the run's fingerprint follow the scan's.
 */
export class InOrder<T> {
  private readonly early = new Map<number, T>();
  private next = 0;

  constructor(private readonly emit: (item: T) => void) {}

  put(position: number, item: T): void {
    this.early.set(position, item);
    while (this.early.has(this.next)) {
      const ready = this.early.get(this.next) as T;
      this.early.delete(this.next++);
      this.emit(ready);
    }
  }

  /** Items held back, waiting for an earlier position. */
  get waiting(): number {
    return this.early.size;
  }

  clear(): void {
    this.early.clear();
  }
}
