/**
 * CPU time of the processes this test started (Chromium, code-server, the extension host, the job process), read
 * from /proc: what one step of a scenario cost each of them, whatever else the machine runs.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms (user + system, clock ticks of 10 ms) per kind of process, summed over the processes of that kind. */
export type CpuByKind = Record<string, number>;

interface Proc {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
  } catch {
    return undefined;
  }
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
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const proc = readProc(Number(name));
    if (proc) procs.push(proc);
  }
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const totals: CpuByKind = {};
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    const kind = kindOf(p.pid);
    totals[kind] = (totals[kind] ?? 0) + p.cpuMs;
    stack.push(...(children.get(p.pid) ?? []));
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
