import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgreement } from '../bench/analyze/agreement';
import type { OursReport } from '../bench/analyze/runSet';
import { descendantsOf, parseProcStat } from '../bench/measure/procfs';
import { formatRatio, grouped, median, medianBy } from '../bench/measure/stats';
import type { PeerStatsOutput } from '../bench/peers/peers';

test('median: the middle value, the mean of the two middle ones for an even count, NaN for none', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5]), 5);
  assert.ok(Number.isNaN(median([])));
  const values = [9, 1, 5];
  median(values);
  assert.deepEqual(values, [9, 1, 5], 'the input is not sorted in place');
});

test('medianBy returns the whole run at the middle rank, so its figures stay together', () => {
  const runs = [
    { written: 600, seconds: 5 },
    { written: 600, seconds: 4 },
    { written: 600, seconds: 6 },
  ];
  assert.deepEqual(
    medianBy(runs, (r) => r.written / r.seconds),
    { written: 600, seconds: 5 },
  );
  assert.throws(() => medianBy([], () => 0));
});

test('formatRatio: ours over peer, "-" when a side is missing', () => {
  assert.equal(formatRatio(17525, 20008), '0.88x');
  assert.equal(formatRatio(120, 100), '1.20x');
  assert.equal(formatRatio(100, 0), '-');
  assert.equal(formatRatio(NaN, 100), '-');
  assert.equal(grouped(17524.6), '17,525');
  assert.equal(grouped(NaN), '-');
});

test('parseProcStat reads the fields after the last ")" (command names may hold spaces and parentheses)', () => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const line = '4242 (node a) (b)) S 77 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0';
  assert.deepEqual(parseProcStat(line), { ppid: 77, ticks: 300 });
  assert.equal(parseProcStat(''), undefined);
});

test('descendantsOf lists a process and everything below it, nothing else', () => {
  const procs = new Map([
    [1, { ppid: 0, ticks: 0 }],
    [10, { ppid: 1, ticks: 0 }],
    [11, { ppid: 10, ticks: 0 }],
    [12, { ppid: 10, ticks: 0 }],
    [13, { ppid: 12, ticks: 0 }],
    [20, { ppid: 1, ticks: 0 }],
  ]);
  assert.deepEqual(
    descendantsOf(10, procs).sort((a, b) => a - b),
    [10, 11, 12, 13],
  );
  assert.equal(descendantsOf(10, procs)[0], 10, 'the root first');
});

function histogram(bins: Record<number, number>): number[] {
  return Array.from({ length: 256 }, (_, v) => bins[v] ?? 0);
}

test('checkAgreement: lossless data must agree exactly; one pixel in another bin fails it', () => {
  const ours: OursReport = {
    images: 2,
    durationMs: 1,
    stats: { histogram: [histogram({ 0: 3, 255: 1 })], mean: [0.25], std: [0.4330127] },
  };
  const peer: PeerStatsOutput = {
    images: 2,
    seconds: 1,
    histogram: [histogram({ 0: 3, 255: 1 })],
    mean: [0.25],
    std: [0.4330127],
  };
  assert.equal(checkAgreement(true, [ours], [peer]).pass, true);
  const off = { ...peer, histogram: [histogram({ 0: 2, 1: 1, 255: 1 })] };
  const check = checkAgreement(true, [ours], [peer, off]);
  assert.equal(check.pass, false, 'one peer run differs, so the check fails');
  assert.equal(check.histogramBinsDiffering, 2);
  assert.equal(check.histogramL1Fraction, 2 / 4);
  assert.equal(checkAgreement(false, [ours], [off]).pass, true, 'lossy data: reported, not failed');
  assert.equal(checkAgreement(false, [ours], [{ ...off, images: 3 }]).pass, false, 'image counts must agree');
});
