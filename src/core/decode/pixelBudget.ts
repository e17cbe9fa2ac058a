/**
 * Bounds the pixels being decoded at once in one process. A worker keeps several sharp decodes in flight, which
 * pays on photos but not on 12-megapixel ones, six of which at a time held too much memory (measured). A decode
 * asks for its image's pixel count once the header is read and waits while others hold the budget; a request
 * larger than the whole budget is granted when nothing else is decoding, so every image still gets decoded.
 */
export class PixelBudget {
  private used = 0;
  private inFlight = 0;
  /** Most pixels ever held at once (what tests and benchmarks look at). */
  peakPixels = 0;
  private readonly waiting: { pixels: number; grant: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Resolves with the function that gives the pixels back; a decode calls it when it is done, failed or not. */
  async acquire(pixels: number): Promise<() => void> {
    const wanted = Math.max(0, Math.min(pixels, this.limit));
    if (!(this.waiting.length === 0 && this.fits(wanted))) {
      await new Promise<void>((grant) => this.waiting.push({ pixels: wanted, grant }));
    } else {
      this.take(wanted);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= wanted;
      this.inFlight--;
      this.grantWaiting();
    };
  }

  private fits(pixels: number): boolean {
    return this.inFlight === 0 || this.used + pixels <= this.limit;
  }

  private take(pixels: number): void {
    this.used += pixels;
    this.inFlight++;
    this.peakPixels = Math.max(this.peakPixels, this.used);
  }

  /** First come, first served: a large request at the head is not overtaken by smaller ones behind it. */
  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0].pixels)) {
      const next = this.waiting.shift()!;
      this.take(next.pixels);
      next.grant();
    }
  }
}
