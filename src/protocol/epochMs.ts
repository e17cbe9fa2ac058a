/**
 * Milliseconds since the epoch with the resolution of `performance.now()`: comparable across the processes of one
 * machine (the job process, the extension host, the panel), unlike `performance.now()` alone.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
