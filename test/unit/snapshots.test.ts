import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { analyzeBatch } from '../../src/core/engine/analyzeFile';
import {
  AdaptiveThrottle,
  SNAPSHOT_COST_FACTOR,
  SNAPSHOT_INTERVAL_MS,
  snapshotReporter,
} from '../../src/core/engine/snapshots';
import type { DatasetReport, PartialMark } from '../../src/core/engine/report';
import { ReportBuilder } from '../../src/core/engine/reportBuilder';
import { resolveThresholds } from '../../src/core/quality/qualityOptions';
import { planScan } from '../../src/core/scan/scanDataset';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { emptyCounters } from '../../src/core/scan/walk';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
/** Enough files for several batches (64 files each): snapshots are taken between them. */
const bigger = path.join(tmp.dir, 'bigger');

before(async () => {
  const rng = createRng(77);
  const plan: [string, string, number][] = [
    ['train', 'ant', 12],
    ['train', 'bee', 6],
    ['val', 'ant', 3],
    ['val', 'bee', 3],
  ];
  for (const [split, label, n] of plan)
    for (let i = 0; i < n; i++)
      await writePng(path.join(root, split, label, `${i}.png`), randomImage(rng, 8 + i, 12, 3));
  // An exact duplicate across splits (leakage) and a file that cannot be decoded.
  copyFileSync(path.join(root, 'train', 'ant', '0.png'), path.join(root, 'val', 'ant', 'copy.png'));
  writeFileSync(path.join(root, 'train', 'bee', 'broken.png'), 'not a png');
  for (let i = 0; i < 640; i++)
    await writePng(path.join(bigger, i % 3 ? 'cat' : 'dog', `${i}.png`), randomImage(rng, 96, 96, 3));
});
after(() => tmp.cleanup());

const withoutTiming = (r: DatasetReport) => ({ ...r, durationMs: 0 });

describe('ReportBuilder snapshots', () => {
  it('finish() and snapshot() change nothing: called twice they give the same report', async () => {
    const plan = await planScan(root);
    const counters = emptyCounters();
    const entries: FileEntry[] = [];
    for await (const entry of plan.entries(counters)) entries.push(entry);
    counters.unlistable.push({ file: 'train/locked', message: 'EACCES' });
    const results = await analyzeBatch(entries, {});
    const builder = new ReportBuilder(plan, resolveThresholds(), {});
    for (const entry of entries) builder.addEntry(entry);
    const extra = { sample: null, missing: ['gone.png'], warnings: [], started: 0 };

    const half = Math.floor(entries.length / 2);
    results.slice(0, half).forEach((result, k) => builder.addResult(result, entries[k]));
    const mark = { done: half, total: entries.length, scanning: false };
    const first = builder.snapshot(counters, extra, mark);
    const second = builder.snapshot(counters, extra, mark);
    assert.deepEqual(withoutTiming(second), withoutTiming(first));
    assert.equal(first.issues.filter((i) => i.kind === 'missing').length, 1);
    assert.equal(first.issues.filter((i) => i.kind === 'unlistable').length, 1);

    results.slice(half).forEach((result, k) => builder.addResult(result, entries[half + k]));
    const final = builder.finish(counters, extra);
    assert.deepEqual(
      withoutTiming(builder.finish(counters, extra)),
      withoutTiming(final),
      'a second finish() gives the same report',
    );
    assert.equal(final.issues.filter((i) => i.kind === 'missing').length, 1);
    assert.equal(final.issues.filter((i) => i.kind === 'unlistable').length, 1);
    assert.equal('partial' in final, false, 'a finished report is not marked partial');
  });

  it('a snapshot taken mid-run counts what has been seen so far', async () => {
    const plan = await planScan(root);
    const counters = emptyCounters();
    const entries: FileEntry[] = [];
    for await (const entry of plan.entries(counters)) entries.push(entry);
    const results = await analyzeBatch(entries, {});
    const builder = new ReportBuilder(plan, resolveThresholds(), {});
    const extra = { sample: null, missing: [], warnings: [], started: 0 };

    // The scan has listed 20 files and 8 of them have been analysed.
    for (const entry of entries.slice(0, 20)) builder.addEntry(entry);
    results.slice(0, 8).forEach((result, k) => builder.addResult(result, entries[k]));
    const snapshot = builder.snapshot(counters, extra, { done: 8, total: 20, scanning: true });
    const decoded = results.slice(0, 8).filter((r) => r.ok).length;
    assert.deepEqual(snapshot.partial, { done: 8, total: 20, scanning: true });
    assert.equal(snapshot.files, 20);
    assert.equal(snapshot.images, decoded);
    assert.equal(snapshot.stats?.images, decoded);
    assert.equal(
      snapshot.classes.reduce((n, c) => n + c.count, 0),
      20,
      'class counts cover the files listed so far',
    );

    // Mid-listing, the val split has not been reached yet: class-count warnings would be false alarms.
    const classWarning = /Split "val"|Empty class|Imbalanced|Tiny class/;
    assert.ok(!snapshot.warnings.some((w) => classWarning.test(w)), snapshot.warnings.join('; '));
    const listed = builder.snapshot(counters, extra, { done: 8, total: 20, scanning: false });
    assert.ok(
      listed.warnings.some((w) => classWarning.test(w)),
      'once listed, the same counts do warn (so the check above can fail)',
    );

    // The rest of the run, then the final report equals a run that took no snapshot.
    for (const entry of entries.slice(20)) builder.addEntry(entry);
    results.slice(8).forEach((result, k) => builder.addResult(result, entries[8 + k]));
    const final = builder.finish(counters, extra);
    const direct = await analyzeDataset(root, { workers: 0 });
    assert.deepEqual(withoutTiming(final), withoutTiming(direct));
    assert.ok(final.quality.leakage.length > 0, 'the fixture has a leak');
  });
});

describe('snapshots from analyzeDataset', () => {
  it('arrive while the run goes on, growing, and leave the final report unchanged', async () => {
    const snapshots: DatasetReport[] = [];
    const report = await analyzeDataset(
      bigger,
      { workers: 0 },
      { onSnapshot: (r) => snapshots.push(r), snapshotIntervalMs: 0 },
    );
    const plain = await analyzeDataset(bigger, { workers: 0 });
    assert.deepEqual(withoutTiming(report), withoutTiming(plain));
    assert.equal(report.partial, undefined);

    // At most one per batch of 64 (taken once the batch is in), fewer when a snapshot's cost makes the next wait.
    assert.ok(snapshots.length >= 3, `${snapshots.length} snapshots`);
    let previous = { done: 0, images: 0 };
    for (const p of snapshots) {
      assert.ok(p.partial, 'every snapshot is marked partial');
      const { done, total, scanning } = p.partial;
      assert.ok(scanning || done < total, `no snapshot for the last file (${done}/${total})`);
      assert.ok(done > previous.done, `done grows: ${previous.done} -> ${done}`);
      assert.ok(p.images >= previous.images && p.images <= done);
      assert.ok(p.images <= report.images);
      previous = { done, images: p.images };
    }
  });

  it('none are built when nobody listens, and none with the default interval on a quick run', async () => {
    const snapshots: DatasetReport[] = [];
    await analyzeDataset(root, { workers: 0 }, { onSnapshot: (r) => snapshots.push(r) });
    // The fixture is analysed far faster than SNAPSHOT_INTERVAL_MS.
    assert.equal(snapshots.length, 0);
  });
});

describe('snapshotReporter', () => {
  const stubBuilder = (taken: PartialMark[]) =>
    ({
      snapshot: (_counters: unknown, _extra: unknown, mark: PartialMark) => {
        taken.push(mark);
        return { partial: mark } as DatasetReport;
      },
    }) as unknown as ReportBuilder;
  const extra = () => ({ sample: null, missing: [], warnings: [], started: 0 });

  it('takes the snapshot once the files being recorded together are in, not at the first of them', async () => {
    const taken: PartialMark[] = [];
    const sent: DatasetReport[] = [];
    const progress = { done: 0, total: 100, scanning: true, cached: 0 };
    const tick = snapshotReporter(
      { onSnapshot: (r) => sent.push(r), snapshotIntervalMs: 0 },
      stubBuilder(taken),
      emptyCounters(),
      progress,
      extra,
    )!;
    for (let i = 0; i < 64; i++) {
      progress.done++;
      tick();
    }
    assert.equal(taken.length, 0, 'nothing is built while the batch is being recorded');
    await Promise.resolve();
    assert.deepEqual(taken, [{ done: 64, total: 100, scanning: true }]);
    assert.equal(sent.length, 1);
  });

  it('takes none after the last file, and none when nobody listens', async () => {
    const taken: PartialMark[] = [];
    const progress = { done: 99, total: 100, scanning: false, cached: 0 };
    const tick = snapshotReporter(
      { onSnapshot: () => undefined, snapshotIntervalMs: 0 },
      stubBuilder(taken),
      emptyCounters(),
      progress,
      extra,
    )!;
    progress.done++;
    tick();
    await Promise.resolve();
    assert.equal(taken.length, 0);
    assert.equal(snapshotReporter({}, stubBuilder(taken), emptyCounters(), progress, extra), undefined);
  });
  it('a snapshot that throws stops the snapshots, not the process', async () => {
    let calls = 0;
    const progress = { done: 0, total: 100, scanning: true, cached: 0 };
    const tick = snapshotReporter(
      {
        onSnapshot: () => {
          calls++;
          throw new Error('boom');
        },
        snapshotIntervalMs: 0,
      },
      stubBuilder([]),
      emptyCounters(),
      progress,
      extra,
    )!;
    for (let round = 0; round < 3; round++) {
      progress.done++;
      tick();
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(calls, 1);
  });
});

describe('AdaptiveThrottle', () => {
  it('runs at most once per interval', () => {
    let clock = 0;
    let runs = 0;
    const throttle = new AdaptiveThrottle(
      () => runs++,
      1500,
      () => clock,
    );
    const ran: number[] = [];
    for (clock = 0; clock <= 5000; clock += 10) if (throttle.poke()) ran.push(clock);
    assert.deepEqual(ran, [1500, 3000, 4500]);
    assert.equal(runs, 3);
    assert.equal(throttle.runs, 3);
  });

  it(`waits ${SNAPSHOT_COST_FACTOR}x the cost of a slow run before the next`, () => {
    let clock = 0;
    const throttle = new AdaptiveThrottle(
      () => (clock += 200),
      1500,
      () => clock,
    );
    const ran: number[] = [];
    for (; clock <= 20_000; clock += 1) {
      const poked = clock;
      if (throttle.poke()) ran.push(poked);
    }
    // A run costs 200 ms: the next may start 4000 ms after it ended.
    assert.deepEqual(ran.slice(0, 3), [1500, 5700, 9900]);
  });

  it('spends at most ~5% of the time however the cost grows (a dataset getting bigger)', () => {
    let clock = 0;
    // Building a snapshot costs more as the run goes on: 1 ms per 10 s elapsed, then jumps to 3 s.
    const cost = () => (clock < 600_000 ? Math.floor(clock / 10_000) : 3000);
    const throttle = new AdaptiveThrottle(
      () => (clock += cost()),
      SNAPSHOT_INTERVAL_MS,
      () => clock,
    );
    for (; clock < 1_800_000; clock += 5) throttle.poke();
    const share = throttle.spentMs / clock;
    assert.ok(share <= 1 / (1 + SNAPSHOT_COST_FACTOR) + 1e-9, `${(share * 100).toFixed(2)}% of the time`);
    assert.ok(throttle.runs > 100, `${throttle.runs} runs`);
  });
});
