/**
 * A child for the stale-temp tests: analyses argv[2] with the cache in argv[3] and, once more than `argv[4]` files
 * are done (the cache's temporary file open, its first frames written), prints "writing" and blocks, so the
 * parent can kill it mid-write, or leave it alive, at a known point.
 */
import { writeSync } from 'node:fs';
import { analyzeDataset } from '../../../src/core/engine/analyzeDataset';

const [root, cacheDir, after] = process.argv.slice(2);
void analyzeDataset(
  root,
  { workers: 0, cacheDir },
  {
    onProgress: (progress) => {
      if (progress.done <= Number(after)) return;
      writeSync(1, 'writing\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    },
  },
);
