import { SingleBar, Presets } from 'cli-progress';
import type { AnalyzeProgress } from '../core/engine/analyzeOptions';

/** A progress bar on stderr when stderr is a terminal; silent otherwise (stdout stays clean for --json). */
export function createProgressReporter(label: string): { update(p: AnalyzeProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total}{more} | {eta_formatted} left`,
      hideCursor: true,
      etaBuffer: 200,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const more = (p.scanning ? '+ (listing)' : '') + (p.cached ? ` (${p.cached} cached)` : '');
      if (!started) {
        bar.start(Math.max(p.total, 1), p.done, { more });
        started = true;
      }
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, { more });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
