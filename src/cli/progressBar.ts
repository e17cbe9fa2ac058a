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
      // Once the files are done, the bar counts the content map's epochs.
      const [value, total] = p.map ? [p.map.done, p.map.total] : [p.done, Math.max(p.total, 1)];
      const more = p.map
        ? ' content map epochs'
        : (p.scanning ? '+ (listing)' : '') + (p.cached ? ` (${p.cached} cached)` : '');
      if (!started) {
        bar.start(total, value, { more });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { more });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
