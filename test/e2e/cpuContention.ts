/**
 * Whether a measurement window had the machine's cores to itself: the CPU the whole machine used (/proc/stat)
 * beside the CPU of the tree under test (this test process and its descendants: the Playwright driver, Chromium,
 * code-server, the extension host, the job and engine processes; /proc/<pid>/stat). What the machine used beyond
 * the tree was taken by other work, and a wall-clock latency measured meanwhile says little about the extension.
 * The load average cannot tell: it is an exponential average of the past minutes, and counts the tree's own
 * start-up.
 */
import { readFileSync } from 'node:fs';
import { descendantsOf, readProcesses, TICK_MS, type Proc } from './processCpu';

/**
 * Other processes may use up to a quarter of a core on average during a window and it is still judged: on 2
 * cores that is an eighth of the machine, so a latency can grow by about that share (one part in eight) from the
 * other work; below that it is the noise of an idle machine (kernel threads, journald, timers). More and a
 * figure measures the neighbours.
 */
export const OUTSIDE_LIMIT_CORES = 0.25;
/** waitForQuiet: the tree under test counts as settled below this share of a core (a workbench left alone). */
export const QUIET_TREE_CORES = 0.2;

/** /proc/stat's first line, in ticks over all cores: the time spent working and idle, and the cores counted. */
export interface MachineTicks {
  cores: number;
  busy: number;
  idle: number;
}

/**
 * Parses /proc/stat: busy = user + nice + system + irq + softirq + steal (guest time is inside user already),
 * idle = idle + iowait; cores = the `cpuN` lines.
 */
export function parseMachineStat(text: string): MachineTicks {
  const lines = text.split('\n');
  const total = lines.find((l) => /^cpu\s/.test(l));
  if (!total) throw new Error('/proc/stat: no "cpu" line');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = total
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((x) => Number(x) || 0);
  return {
    cores: lines.filter((l) => /^cpu\d+\s/.test(l)).length,
    busy: user + nice + system + irq + softirq + (steal ?? 0),
    idle: idle + iowait,
  };
}

/**
 * CPU ticks of `root` and its descendants, with what they reaped: a child that exited inside the tree moves from
 * its own counter to its parent's reaped-children counter, so the total only grows.
 */
export function treeTicks(procs: readonly Proc[], root: number): number {
  const self = procs.find((p) => p.pid === root);
  const tree = self ? [self, ...descendantsOf(procs, root)] : [];
  return tree.reduce((sum, p) => sum + p.ownTicks + p.childTicks, 0);
}

/** The counters at one moment. */
export interface CpuSample {
  atMs: number;
  machine: MachineTicks;
  treeTicks: number;
  /** The process table and the tree's root, to name the busiest processes outside the tree. */
  procs?: readonly Proc[];
  root?: number;
}

/** The machine's and the tree's counters now (`root`: this test process by default). */
export function sampleCpu(root = process.pid): CpuSample {
  const procs = readProcesses();
  return {
    atMs: performance.now(),
    machine: parseMachineStat(readFileSync('/proc/stat', 'utf8')),
    treeTicks: treeTicks(procs, root),
    procs,
    root,
  };
}

/** What a window between two samples held: CPU ms and average cores, of the machine, the tree and the rest. */
export interface CpuWindow {
  wallMs: number;
  cores: number;
  machineMs: number;
  treeMs: number;
  /** The machine's CPU beyond the tree's (0 when tick rounding makes it negative). */
  outsideMs: number;
  machineCores: number;
  treeCores: number;
  outsideCores: number;
  /** Other processes used more than the limit: wall-clock figures of the window count their work. */
  contended: boolean;
  /**
   * The three names outside the tree whose processes used the most CPU of their own in the window, in cores (when
   * the samples list them): who the outside figure was, roughly (processes that ended inside it are not named).
   */
  busiestOutside: { name: string; cores: number }[];
}

export function cpuWindow(
  before: CpuSample,
  after: CpuSample,
  outsideLimitCores = OUTSIDE_LIMIT_CORES,
): CpuWindow {
  const wallMs = after.atMs - before.atMs;
  const machineMs = (after.machine.busy - before.machine.busy) * TICK_MS;
  const treeMs = (after.treeTicks - before.treeTicks) * TICK_MS;
  const outsideMs = Math.max(0, machineMs - treeMs);
  const cores = (ms: number) => (wallMs > 0 ? ms / wallMs : 0);
  return {
    wallMs,
    cores: after.machine.cores,
    machineMs,
    treeMs,
    outsideMs,
    machineCores: cores(machineMs),
    treeCores: cores(treeMs),
    outsideCores: cores(outsideMs),
    contended: cores(outsideMs) > outsideLimitCores,
    busiestOutside: busiestOutside(before, after).map(([name, ticks]) => ({
      name,
      cores: cores(ticks * TICK_MS),
    })),
  };
}

/**
 * CPU ticks per process name outside the tree between two samples, the three largest: a hint of who, from the
 * processes alive at the end (a new pid: all its ticks). Their own ticks only: a shell that reaps a build gets the
 * build's whole life in its children's counter at once, most of it before the window.
 */
function busiestOutside(before: CpuSample, after: CpuSample): [string, number][] {
  if (!before.procs || !after.procs || after.root === undefined) return [];
  const inTree = new Set([after.root, ...descendantsOf(after.procs, after.root).map((p) => p.pid)]);
  const earlier = new Map(before.procs.map((p) => [p.pid, p.ownTicks]));
  const byName = new Map<string, number>();
  for (const p of after.procs) {
    if (inTree.has(p.pid)) continue;
    const ticks = p.ownTicks - (earlier.get(p.pid) ?? 0);
    if (ticks > 0) byName.set(p.name, (byName.get(p.name) ?? 0) + ticks);
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 3);
}

/**
 * One line for logs and todo messages: `3.1 s: tree 1.20 cores, outside 0.40 of 2 cores (contended: over 0.25;
 * yes 0.30, node 0.05)`.
 */
export function describeWindow(w: CpuWindow): string {
  const busiest = w.busiestOutside.map((b) => `${b.name} ${b.cores.toFixed(2)}`).join(', ');
  const notes = [w.contended ? `contended: over ${OUTSIDE_LIMIT_CORES}` : '', busiest].filter(Boolean);
  return `${(w.wallMs / 1000).toFixed(1)} s: tree ${w.treeCores.toFixed(2)} cores, outside ${w.outsideCores.toFixed(2)} of ${w.cores} cores${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export interface QuietOptions {
  /** Give up after this long (ms); default 30 s. */
  maxMs?: number;
  /** The span that must be quiet (ms); default 1 s. */
  spanMs?: number;
  sample?: () => CpuSample;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Waits until one span (~1 s) was quiet: the tree under test below QUIET_TREE_CORES (its start-up work over) and
 * other processes within OUTSIDE_LIMIT_CORES; at most `maxMs`. Says whether it got there, after how long, and
 * the last span's figures.
 */
export async function waitForQuiet(
  options: QuietOptions = {},
): Promise<{ quiet: boolean; waitedMs: number; last: CpuWindow }> {
  const {
    maxMs = 30_000,
    spanMs = 1000,
    sample = () => sampleCpu(),
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    now = () => performance.now(),
  } = options;
  const started = now();
  let previous = sample();
  for (;;) {
    await sleep(spanMs);
    const current = sample();
    const last = cpuWindow(previous, current);
    const waitedMs = now() - started;
    const quiet = !last.contended && last.treeCores < QUIET_TREE_CORES;
    if (quiet || waitedMs >= maxMs) return { quiet, waitedMs, last };
    previous = current;
  }
}
