/**
 * CPU time of the processes this test started (Chromium, code-server, the extension host, the job process), read
 * from /proc: what one step of a scenario cost each of them, whatever else the machine runs.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Length of a clock tick of /proc's CPU counters (USER_HZ: 100 on Linux). */
export const TICK_MS = 10;

/** CPU ms (user + system) per kind of process, summed over the processes of that kind. */
export type CpuByKind = Record<string, number>;

/** One line of the process table: its CPU so far in ticks, its own and that of the children it reaped. */
export interface Proc {
  pid: number;
  ppid: number;
  /** Its name (/proc's `comm`, at most 15 characters). */
  name: string;
  /** utime + stime: every thread of the process. */
  ownTicks: number;
  /** cutime + cstime: the children (and their descendants) that exited and were waited for by this process. */
  childTicks: number;
}

/** Parses /proc/<pid>/stat (its name, between parentheses, may hold spaces and parentheses). */
export function parsePidStat(pid: number, text: string): Proc {
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const n = (i: number) => Number(fields[i]);
  const name = text.slice(text.indexOf('(') + 1, close);
  return { pid, ppid: n(1), name, ownTicks: n(11) + n(12), childTicks: n(13) + n(14) };
}

/** Every process of the machine, as /proc lists it now (those gone while reading left out). */
export function readProcesses(): Proc[] {
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      procs.push(parsePidStat(Number(name), readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // exited meanwhile
    }
  }
  return procs;
}

/** The descendants of `root` in `procs` (not `root` itself). */
export function descendantsOf(procs: readonly Proc[], root: number): Proc[] {
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: Proc[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    found.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return found;
}

/** What a process of the scenario is, from its command line. */
function kindOf(pid: number): string {
  let cmd: string;
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'gone';
  }
  if (/dist\/jobs\.js/.test(cmd)) return 'job';
  if (/--type=extensionHost|extensionHostProcess/.test(cmd)) return 'extensionHost';
  if (/code-server|out\/node\/entry\.js|server-main|bootstrap-fork/.test(cmd)) return 'codeServer';
  if (/chrom/.test(cmd)) {
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
    return type ? `chromium ${type}` : 'chromium browser';
  }
  return 'other';
}

/** CPU ms of every descendant of `root` (this test process by default), summed by kind. */
export function descendantsCpu(root = process.pid): CpuByKind {
  const totals: CpuByKind = {};
  for (const p of descendantsOf(readProcesses(), root)) {
    const kind = kindOf(p.pid);
    totals[kind] = (totals[kind] ?? 0) + p.ownTicks * TICK_MS;
  }
  return totals;
}

/** `after - before` per kind (kinds that used no CPU left out). */
export function cpuSince(before: CpuByKind, after: CpuByKind): CpuByKind {
  const used: CpuByKind = {};
  for (const [kind, ms] of Object.entries(after)) {
    const delta = ms - (before[kind] ?? 0);
    if (delta > 0) used[kind] = delta;
  }
  return used;
}
