/**
 * CPU time of the tasks on one renderer's main thread, from a Chromium trace (browser.startTracing): what the
 * page's own work costs per task, whatever else the machine runs (wall-clock frame times also count the time the
 * thread waited for a core).
 */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { type?: string }; name?: string };
}

export interface ThreadCpu {
  tasks: number;
  /** Whether the trace gave thread (CPU) durations; without, the figures below are wall-clock. */
  cpuTimed: boolean;
  /**
   * Tasks the trace gave no thread duration (seen with Chromium 156.0.8078.129): each counts its wall-clock time,
   * never less than its CPU time, so the figures stay an upper bound.
   */
  wallTimedTasks: number;
  maxMs: number;
  p99Ms: number;
  totalMs: number;
  /** The same tasks' wall-clock durations, for comparison. */
  maxWallMs: number;
  /** The three longest tasks: their time and what ran inside them (event name: wall ms), to say where it went. */
  longest: { ms: number; inside: Record<string, number> }[];
  /** The task that took longest by the clock, and what ran inside it (a long wait shows as wall ≫ CPU). */
  longestWall: { ms: number; cpuMs: number; inside: Record<string, number> } | undefined;
}

const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** The main thread that dispatched the most `eventType` events (the scrolled page's), and its tasks' times. */
export function mainThreadCpu(events: readonly TraceEvent[], eventType = 'scroll'): ThreadCpu {
  const dispatches = new Map<string, number>();
  for (const e of events)
    if (e.name === 'EventDispatch' && e.args?.data?.type === eventType) {
      const key = `${e.pid}:${e.tid}`;
      dispatches.set(key, (dispatches.get(key) ?? 0) + 1);
    }
  const thread = [...dispatches].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tasks = events.filter((e) => e.ph === 'X' && TASKS.has(e.name) && `${e.pid}:${e.tid}` === thread);
  const cpuTimed = tasks.some((t) => t.tdur !== undefined);
  const timeOf = (t: TraceEvent) => (cpuTimed ? (t.tdur ?? t.dur) : t.dur) ?? 0;
  const ms = tasks.map((t) => timeOf(t) / 1000).sort((a, b) => a - b);
  return {
    tasks: tasks.length,
    cpuTimed,
    wallTimedTasks: cpuTimed ? tasks.filter((t) => t.tdur === undefined).length : 0,
    maxMs: ms[ms.length - 1] ?? 0,
    p99Ms: ms[Math.floor(ms.length * 0.99)] ?? 0,
    totalMs: ms.reduce((s, x) => s + x, 0),
    maxWallMs: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
    longest: [...tasks]
      .sort((a, b) => timeOf(b) - timeOf(a))
      .slice(0, 3)
      .map((task) => ({ ms: timeOf(task) / 1000, inside: inside(events, task) })),
    longestWall: longestByClock(events, tasks),
  };
}

function longestByClock(
  events: readonly TraceEvent[],
  tasks: readonly TraceEvent[],
): ThreadCpu['longestWall'] {
  const task = [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  if (!task) return undefined;
  return { ms: (task.dur ?? 0) / 1000, cpuMs: (task.tdur ?? 0) / 1000, inside: inside(events, task) };
}

/** Wall ms per event name of the complete events nested in `task` on its thread (top 8). */
function inside(events: readonly TraceEvent[], task: TraceEvent): Record<string, number> {
  const end = task.ts + (task.dur ?? 0);
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e === task || e.ph !== 'X' || e.pid !== task.pid || e.tid !== task.tid) continue;
    if (e.ts < task.ts || e.ts > end) continue;
    const name = e.name === 'FunctionCall' || e.name === 'EventDispatch' ? `${e.name}` : e.name;
    totals.set(name, (totals.get(name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  return Object.fromEntries(
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => [k, Math.round(v * 10) / 10]),
  );
}
