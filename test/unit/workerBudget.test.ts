import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import {
  CONTENT_MAIN_MB,
  CONTENT_TREE_MB,
  EMBEDDING_WORKER_MB,
  planWorkers,
} from '../../src/core/engine/workerBudget';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

test('without --content: one worker per core up to 8, or as many as asked, and nothing to say', () => {
  assert.deepEqual(planWorkers(undefined, false, 16), { workers: 8 });
  assert.deepEqual(planWorkers(undefined, false, 2), { workers: 2 });
  assert.deepEqual(planWorkers(undefined, false, 1), { workers: 1 });
  assert.deepEqual(planWorkers(12, false, 2), { workers: 12 });
  assert.deepEqual(planWorkers(0, false, 4), { workers: 0 });
});

test('--content: no more embedding workers than the tree budget holds, at any core count or --workers', () => {
  const fits = Math.floor((CONTENT_TREE_MB - CONTENT_MAIN_MB) / EMBEDDING_WORKER_MB);
  assert.ok(fits >= 2, `${fits} workers fit: a 2-core machine keeps both`);
  for (let cores = 1; cores <= 64; cores++) {
    for (const requested of [undefined, 1, 2, 3, 4, 5, 6, 7, 8, 16]) {
      const wanted = requested ?? Math.min(8, cores);
      const plan = planWorkers(requested, true, cores);
      const what = `${cores} cores, --workers ${requested}`;
      assert.equal(plan.workers, Math.min(wanted, fits), what);
      assert.ok(CONTENT_MAIN_MB + plan.workers * EMBEDDING_WORKER_MB <= CONTENT_TREE_MB, what);
      // The user is told whenever fewer run than asked for (or than cores), and why.
      if (plan.workers < wanted)
        assert.equal(
          plan.notice,
          `Content analysis runs ${plan.workers} worker processes, not ${wanted}: each holds the embedding model (about ${EMBEDDING_WORKER_MB} MB), and the whole analysis stays under ${CONTENT_TREE_MB} MB (docs/cache-and-scale.md#memory).`,
          what,
        );
      else assert.equal(plan.notice, undefined, what);
    }
  }
  // In this process (--workers 0): one process holds the model, nothing to bound.
  assert.deepEqual(planWorkers(0, true, 8), { workers: 0 });
});

test('a run tells the user (once, as its workers start) when --content runs fewer workers than asked', async () => {
  const root = path.join(tmp.dir, 'set');
  const rng = createRng(4);
  for (const label of ['a', 'b']) {
    mkdirSync(path.join(root, label), { recursive: true });
    for (let i = 0; i < 3; i++)
      await writePng(path.join(root, label, `${i}.png`), randomImage(rng, 20, 20, 1));
  }
  const notices: string[] = [];
  const onNotice = (message: string) => notices.push(message);
  const report = await analyzeDataset(root, { workers: 8, content: true }, { onNotice });
  assert.equal(report.content?.embedded, 6);
  assert.deepEqual(notices, [planWorkers(8, true).notice]);
  notices.length = 0;
  await analyzeDataset(root, { workers: 8 }, { onNotice });
  assert.deepEqual(notices, [], 'without --content, 8 workers as asked');
});
