import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { statChunks, type StatWorker } from '../../src/core/scan/statChunks';
import { StatThread } from '../../src/core/scan/statThread';
import { emptyCounters } from '../../src/core/scan/walk';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

/** 70 files in chunks of 10, file 33 missing (gone between listing and stat). */
function listing(): FileEntry[][] {
  const entries: FileEntry[] = [];
  for (let i = 0; i < 70; i++) {
    const open = path.join(tmp.dir, `${i}.png`);
    if (i !== 33) writeFileSync(open, Buffer.alloc(i + 1));
    entries.push({ file: `${i}.png`, open, size: -1, mtimeMs: -1 });
  }
  return Array.from({ length: 7 }, (_, k) => entries.slice(k * 10, k * 10 + 10));
}

async function run(startThread?: () => StatWorker) {
  const counters = emptyCounters();
  const chunks = listing();
  let listedAt = -1;
  const out: FileEntry[][] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const chunk of statChunks(source(), counters, {
    onListed: () => (listedAt = out.length),
    startThread,
  }))
    out.push(chunk);
  return { out, counters, listedAt };
}

const failing: Record<string, () => StatWorker> = {
  'a thread that cannot start': () => {
    throw new Error('no threads here');
  },
  'a thread whose every answer fails': () => ({
    stat: () => Promise.reject(new Error('the stat thread exited (code 1)')),
    close: () => Promise.resolve(),
  }),
};

for (const [name, startThread] of [['the stat thread', undefined], ...Object.entries(failing)] as const) {
  test(`chunks come back in walk order with statSync's sizes and mtimes, through ${name}`, async () => {
    const { out, counters, listedAt } = await run(startThread);
    const entries = out.flat();
    assert.deepEqual(
      entries.map((e) => e.file),
      Array.from({ length: 70 }, (_, i) => `${i}.png`).filter((f) => f !== '33.png'),
    );
    for (const entry of entries) {
      const expected = statSync(entry.open as string);
      assert.equal(entry.size, expected.size, entry.file);
      assert.equal(entry.mtimeMs, expected.mtimeMs, entry.file);
    }
    assert.equal(counters.unlistable.length, 1);
    assert.equal(counters.unlistable[0].file, '33.png');
    assert.match(counters.unlistable[0].message, /ENOENT/);
    // Every chunk was listed (and handed to the thread) before the last ones were filled in.
    assert.ok(listedAt >= 0 && listedAt < out.length, `onListed after ${listedAt} of ${out.length} chunks`);
  });
}

test('the stat thread is closed once it has answered, not when the caller takes the last chunk', async () => {
  const thread = new StatThread();
  let closedAt = -1;
  const taken: FileEntry[][] = [];
  const watched: StatWorker = {
    stat: (paths) => thread.stat(paths),
    close: () => {
      closedAt = taken.length;
      return thread.close();
    },
  };
  async function* source() {
    yield* listing();
  }
  for await (const chunk of statChunks(source(), emptyCounters(), { startThread: () => watched })) {
    taken.push(chunk);
    // A caller that analyses as it goes: slow to take each chunk.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(taken.length, 7);
  assert.ok(closedAt >= 0 && closedAt < taken.length, `closed after ${closedAt} of ${taken.length} chunks`);
});
