/** What LatestRequest does with the answers. */
export interface LatestHandlers<T> {
  /** The answer to the newest request. */
  answer(value: T): void;
  /** The newest request failed. */
  error(error: unknown): void;
  /** Whether a request is being answered: true from `ask` until the newest request's answer or error. */
  busy(running: boolean): void;
}

/**
 * Sends the newest of a stream of requests without waiting: at once when none is running, otherwise as soon as
 * the running one ends (requests asked for meanwhile are folded into that one). Only the newest request's answer
 * is handed on. An edit is answered as soon as the work allows, and edits made faster than the work never queue
 * up work for grids nobody sees. Pure (no DOM): tested in previewRequests.test.ts.
 */
export class LatestRequest<T> {
  private running = false;
  /** Asked for since the running request was sent. */
  private pending = false;

  constructor(
    private readonly send: () => Promise<T>,
    private readonly handlers: LatestHandlers<T>,
  ) {}

  ask(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = true;
    this.handlers.busy(true);
    let sent: Promise<T>;
    try {
      sent = this.send();
    } catch (error) {
      sent = Promise.reject(error);
    }
    void sent.then(
      (value) => this.settle(() => this.handlers.answer(value)),
      (error: unknown) => this.settle(() => this.handlers.error(error)),
    );
  }

  private settle(hand: () => void): void {
    this.running = false;
    if (this.pending) {
      this.pending = false;
      this.ask();
      return;
    }
    this.handlers.busy(false);
    hand();
  }
}
