import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cpuWindow,
  describeWindow,
  OUTSIDE_LIMIT_CORES,
  parseMachineStat,
  treeTicks,
  waitForQuiet,
  type CpuSample,
} from '../e2e/cpuContention';
import { parsePidStat } from '../e2e/processCpu';

/** /proc/stat of a 2-core machine: user nice system idle iowait irq softirq steal guest guest_nice (ticks). */
const MACHINE = `cpu  4000 200 900 17000 100 0 50 10 300 0
cpu0 2000 100 450 8500 50 0 25 5 150 0
cpu1 2000 100 450 8500 50 0 25 5 150 0
intr 123456 0 0
ctxt 987654
btime 1700000000
procs_running 3
`;

/** A /proc/<pid>/stat line: pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ... */
function pidStat(pid: number, comm: string, ppid: number, [utime, stime, cutime, cstime]: number[]): string {
  const middle = [ppid, pid, pid, 0, -1, 4194304, 100, 0, 0, 0, utime, stime, cutime, cstime];
  return `${pid} (${comm}) S ${middle.join(' ')} 20 0 1 0 3528480 2998272 423 18446744073709551615 0 0\n`;
}

test('the machine line: busy ticks (steal counted, guest not twice), idle and iowait apart, cores', () => {
  // busy = user + nice + system + irq + softirq + steal (guest is already inside user); idle = idle + iowait.
  assert.deepEqual(parseMachineStat(MACHINE), {
    cores: 2,
    busy: 4000 + 200 + 900 + 0 + 50 + 10,
    idle: 17100,
  });
  assert.throws(() => parseMachineStat('intr 1 2\n'), /no "cpu" line/);
});

test('a process line: its own ticks and its reaped children, a name with spaces and parentheses', () => {
  const line = pidStat(812, 'Web Content (x) y', 800, [120, 30, 7, 3]);
  assert.deepEqual(parsePidStat(812, line), {
    pid: 812,
    ppid: 800,
    name: 'Web Content (x) y',
    ownTicks: 150,
    childTicks: 10,
  });
});

test('the tree: the root and its descendants, own and reaped children, nothing else', () => {
  const procs = [
    { pid: 1, ppid: 0, name: 'p1', ownTicks: 5000, childTicks: 900 },
    { pid: 10, ppid: 1, name: 'p10', ownTicks: 100, childTicks: 20 }, // the root (the test process)
    { pid: 11, ppid: 10, name: 'p11', ownTicks: 300, childTicks: 0 },
    { pid: 12, ppid: 11, name: 'p12', ownTicks: 40, childTicks: 6 },
    { pid: 20, ppid: 1, name: 'p20', ownTicks: 700, childTicks: 0 }, // outside (a sibling of the root)
    { pid: 21, ppid: 20, name: 'p21', ownTicks: 70, childTicks: 0 },
  ];
  assert.equal(treeTicks(procs, 10), 100 + 20 + 300 + 40 + 6);
  assert.equal(treeTicks(procs, 11), 346);
  assert.equal(treeTicks(procs, 99), 0);
});

const sample = (atMs: number, busy: number, tree: number, idle = 0): CpuSample => ({
  atMs,
  machine: { cores: 2, busy, idle },
  treeTicks: tree,
});

test('a window: wall time, the machine, the tree and the rest in ms and cores', () => {
  // 2 s; the machine worked 250 ticks (2.5 s of CPU), the tree 200 of them: 0.5 s outside, 0.25 of a core.
  const w = cpuWindow(sample(1000, 10_000, 4000, 5000), sample(3000, 10_250, 4200, 5150));
  assert.equal(w.wallMs, 2000);
  assert.equal(w.machineMs, 2500);
  assert.equal(w.treeMs, 2000);
  assert.equal(w.outsideMs, 500);
  assert.equal(w.outsideCores, 0.25);
  assert.equal(w.treeCores, 1);
  assert.equal(w.machineCores, 1.25);
  assert.equal(w.cores, 2);
  assert.equal(w.contended, false, 'at the limit: judged');
});

test('contended: outside processes above the limit; the tree alone keeping every core busy is not', () => {
  assert.equal(OUTSIDE_LIMIT_CORES, 0.25);
  // The tree uses both cores for 3 s, others 0.2 core: judged.
  const busyTree = cpuWindow(sample(0, 0, 0), sample(3000, 660, 600));
  assert.equal(busyTree.contended, false);
  assert.ok(Math.abs(busyTree.outsideCores - 0.2) < 1e-9);
  // `yes > /dev/null` beside an idle tree: one core outside.
  const yes = cpuWindow(sample(0, 0, 0), sample(3000, 320, 20));
  assert.equal(yes.contended, true);
  assert.equal(yes.outsideCores, 1);
  // Just above the limit (0.3 core), and the limit given explicitly.
  const some = cpuWindow(sample(0, 0, 0), sample(2000, 160, 100));
  assert.equal(some.contended, true);
  assert.equal(cpuWindow(sample(0, 0, 0), sample(2000, 160, 100), 0.5).contended, false);
  // Tick rounding may make the outside share slightly negative: never below 0, and not contended.
  const rounding = cpuWindow(sample(0, 0, 0), sample(1000, 99, 101));
  assert.equal(rounding.outsideMs, 0);
  assert.equal(rounding.contended, false);
});

test('a child that exited and was reaped inside the tree moves to its parent: the tree total keeps it', () => {
  const before = [
    { pid: 10, ppid: 1, name: 'p10', ownTicks: 100, childTicks: 0 },
    { pid: 11, ppid: 10, name: 'p11', ownTicks: 50, childTicks: 0 },
  ];
  // Child 11 ran 30 more ticks, exited, and its 80 ticks went into its parent's reaped-children counter.
  const after = [{ pid: 10, ppid: 1, name: 'p10', ownTicks: 110, childTicks: 80 }];
  assert.equal(treeTicks(after, 10) - treeTicks(before, 10), 10 + 30);
});

test('waitForQuiet: returns after one quiet span; gives up (not quiet) at its bound', async () => {
  let now = 0;
  const sleep = (ms: number) => {
    now += ms;
    return Promise.resolve();
  };
  // The tree busy for its first 3 s (start-up: 1.5 cores), then nearly idle (0.05 core), nothing outside.
  let ticks = 0;
  let last = 0;
  const quietAfter3s = () => {
    ticks += ((now <= 3000 ? 150 : 5) * (now - last)) / 1000;
    last = now;
    return sample(now, ticks, ticks);
  };
  const settled = await waitForQuiet({ sample: quietAfter3s, sleep, now: () => now });
  assert.equal(settled.quiet, true);
  assert.equal(settled.waitedMs, 4000);
  assert.ok(settled.last.treeCores < 0.1);

  // One core busy outside all along: never quiet, given up after 30 s.
  now = 0;
  const loaded = () => sample(now, now / 10, 0);
  const gaveUp = await waitForQuiet({ sample: loaded, sleep, now: () => now });
  assert.equal(gaveUp.quiet, false);
  assert.equal(gaveUp.waitedMs, 30_000);
  assert.equal(gaveUp.last.outsideCores, 1);
});

test('the busiest processes outside the tree, by name, by their own CPU (not what they reaped)', () => {
  const proc = (pid: number, ppid: number, name: string, ownTicks: number, childTicks = 0) => ({
    pid,
    ppid,
    name,
    ownTicks,
    childTicks,
  });
  const before: CpuSample = {
    atMs: 0,
    machine: { cores: 2, busy: 0, idle: 0 },
    treeTicks: 0,
    root: 10,
    procs: [
      proc(10, 1, 'node', 500),
      proc(11, 10, 'chromium', 900),
      proc(30, 1, 'yes', 100),
      proc(40, 1, 'bash', 50),
    ],
  };
  const after: CpuSample = {
    atMs: 2000,
    machine: { cores: 2, busy: 400, idle: 0 },
    treeTicks: 130,
    root: 10,
    procs: [
      proc(10, 1, 'node', 530),
      proc(11, 10, 'chromium', 1000),
      proc(30, 1, 'yes', 280), // 180 ticks in 2 s: 0.9 core
      // 10 ticks of its own; it reaped a build that ran for minutes: not this window's CPU, not counted.
      proc(40, 1, 'bash', 60, 9000),
      proc(41, 40, 'esbuild', 40), // born in the window
      proc(12, 11, 'chromium', 5), // a new process of the tree: not outside
    ],
  };
  const w = cpuWindow(before, after);
  assert.deepEqual(w.busiestOutside, [
    { name: 'yes', cores: 0.9 },
    { name: 'esbuild', cores: 0.2 },
    { name: 'bash', cores: 0.05 },
  ]);
  assert.match(describeWindow(w), /outside 1\.35 of 2 cores .*yes 0\.90, esbuild 0\.20, bash 0\.05/);
});
