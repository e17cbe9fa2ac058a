import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat (100 on every Linux build that matters here). */
export const CLOCK_TICKS_PER_S = 100;

export interface ProcessInfo {
  ppid: number;
  /** User + system CPU time, in clock ticks. */
  ticks: number;
}

/**
 * The parent and CPU ticks of one /proc/<pid>/stat line. The command name may contain spaces or ')': only the
 * fields after the last ')' are safe to split.
 */
export function parseProcStat(stat: string): ProcessInfo | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  const info = { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  return Number.isFinite(info.ppid) && Number.isFinite(info.ticks) ? info : undefined;
}

/** Every process: pid -> parent and CPU ticks. */
export function listProcesses(): Map<number, ProcessInfo> {
  const procs = new Map<number, ProcessInfo>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = parseProcStat(readOrEmpty(`/proc/${name}/stat`));
    if (info) procs.set(Number(name), info);
  }
  return procs;
}

/** `rootPid` first, then every process below it. */
export function descendantsOf(rootPid: number, procs: ReadonlyMap<number, ProcessInfo>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of procs) {
    const siblings = children.get(ppid) ?? [];
    siblings.push(pid);
    children.set(ppid, siblings);
  }
  const out: number[] = [];
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop() as number;
    out.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** A "Name:   123 kB" field of a /proc file; undefined once the process has gone (or is a zombie). */
export function kbField(file: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(readOrEmpty(file));
  return match ? Number(match[1]) : undefined;
}

export function rssKb(pid: number): number | undefined {
  return kbField(`/proc/${pid}/status`, /VmRSS:\s+(\d+)/);
}

/** Pss splits pages shared by several processes among them (the node binary is in each). */
export function pssKb(pid: number): number | undefined {
  return kbField(`/proc/${pid}/smaps_rollup`, /Pss:\s+(\d+)/);
}

/** Open file descriptors of a process, not counting anonymous inodes (epoll, eventfd: not files). */
export function openFileCount(pid: number): number {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  return names.filter((fd) => {
    try {
      return !readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('anon_inode');
    } catch {
      return false;
    }
  }).length;
}

/** Processes come and go while we read /proc: a vanished file just means "not there any more". */
export function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
