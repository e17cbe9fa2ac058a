/**
 * A timeline of a running process tree's memory: `node --import tsx test/bench/measure/watchTree.ts PID OUT [MS]`
 * sums VmRSS over PID and all its descendants every MS milliseconds (200 by default) until PID is gone. OUT gets a
 * line whenever the sum moves by 2 MB or more, or 10 s have passed ("HH:MM:SS.mmm treeMB processes pid=MB..."),
 * and a last line: the peak, when it happened and the processes then. For runs of hours, where measureRun's
 * 50 ms sampling and in-memory result do not fit.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { descendantsOf, listProcesses, rssKb } from './procfs';

function main(): void {
  const [pidArg, out, everyArg] = process.argv.slice(2);
  const root = Number(pidArg);
  const everyMs = Number(everyArg ?? 200);
  if (!Number.isInteger(root) || !out || !(everyMs > 0)) throw new Error('usage: watchTree.ts PID OUT [MS]');
  writeFileSync(out, '');
  let pids = [root];
  let ticks = 0;
  let lastKb = -Infinity;
  let lastAt = 0;
  let peak = { kb: 0, at: '', parts: '' };
  const timer = setInterval(() => {
    // Listing /proc is the costly part: the tree is re-listed every 5th tick (workers come and go in seconds).
    if (ticks++ % 5 === 0) pids = descendantsOf(root, listProcesses());
    const parts = pids.map((pid) => [pid, rssKb(pid)] as const).filter(([, kb]) => kb !== undefined);
    if (!parts.some(([pid]) => pid === root)) {
      clearInterval(timer);
      appendFileSync(out, `PEAK ${(peak.kb / 1024).toFixed(1)} MB at ${peak.at}: ${peak.parts}\n`);
      return;
    }
    const kb = parts.reduce((total, [, part]) => total + (part as number), 0);
    const at = new Date().toISOString().slice(11, 23);
    const described = parts.map(([pid, part]) => `${pid}=${Math.round((part as number) / 1024)}`).join(' ');
    if (kb > peak.kb) peak = { kb, at, parts: described };
    const now = Date.now();
    if (Math.abs(kb - lastKb) >= 2048 || now - lastAt >= 10_000) {
      lastKb = kb;
      lastAt = now;
      appendFileSync(out, `${at} ${(kb / 1024).toFixed(1)} ${parts.length} ${described}\n`);
    }
  }, everyMs);
}

main();
