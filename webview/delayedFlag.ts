/**
 * A flag raised only once it has been set for `delayMs` without a break: a busy indicator that does not show for
 * work answered faster than that. The preview's ring animates an SVG stroke, which repaints the whole workbench
 * on its main thread every frame while it shows, taking a core's time from the preview it waits for. Pure (a
 * timer, no DOM): tested in previewRequests.test.ts.
 */
export class DelayedFlag {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly show: (raised: boolean) => void,
  ) {}

  /** On: raise after the delay (unless already waiting or raised). Off: lower at once. */
  set(on: boolean): void {
    if (on) {
      this.timer ??= setTimeout(() => this.show(true), this.delayMs);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.show(false);
  }
}
