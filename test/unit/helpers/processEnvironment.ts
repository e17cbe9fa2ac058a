import { readdirSync, readFileSync } from 'node:fs';

/** A running process's environment variables, by name, from /proc: what it was really started with. */
export function environmentOf(pid: number | string): Map<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/**
 * The running processes whose environment sets `name` to `value`. Everything a run starts inherits its
 * environment, so a marker given to the run finds the processes it left behind.
 */
export function processesWith(name: string, value: string): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return environmentOf(pid).get(name) === value;
      } catch {
        // Gone, or not ours to read.
        return false;
      }
    });
}

/** The ids of the running processes this process has started (from /proc: no pool internals), ascending. */
export function childPids(): string[] {
  const pids: string[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const listed = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    if (listed) pids.push(...listed.split(/\s+/));
  }
  return pids.sort();
}
