import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { WorkerPool } from '../../src/core/engine/workerPool';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

/** The processes this test process has started and that are still running (from /proc: no pool internals). */
function childProcesses(): number {
  let children = 0;
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const listed = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    if (listed) children += listed.split(/\s+/).length;
  }
  return children;
}

const entry = (file: string): FileEntry => ({ file: path.basename(file), open: file, size: -1, mtimeMs: 0 });

test('a pool starts workers as batches need them: one batch, one worker process', async () => {
  const rng = createRng(5);
  const files: string[] = [];
  for (let i = 0; i < 8; i++) {
    files.push(path.join(tmp.dir, `${i}.png`));
    await writePng(files[i], randomImage(rng, 6, 5, 1));
  }
  const before = childProcesses();
  const pool = new WorkerPool(2, {});
  try {
    assert.equal(childProcesses() - before, 0, 'no worker before the first batch');
    const [result] = await pool.run([entry(files[0])]);
    assert.equal(result.ok, true);
    // A re-run that finds one changed file in the cache: the second worker would sit idle for the whole run.
    assert.equal(childProcesses() - before, 1, 'one batch, one worker');
    // Batches at once: the pool grows to its size, and no further.
    const results = await Promise.all(files.map((file) => pool.run([entry(file)])));
    assert.ok(results.every(([r]) => r.ok));
    assert.equal(childProcesses() - before, 2, 'as many workers as the pool size');
  } finally {
    await pool.close();
  }
});
