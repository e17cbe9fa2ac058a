/**
 * Child of approximateRelease.test.ts: approximateNearest over 20,000 seeded unit rows of 64 dimensions (an index
 * of ~7 MB), then prints as JSON how much of this process's resident memory the call left behind (MB).
 */
import { readFileSync } from 'node:fs';
import { approximateNearest } from '../../../src/core/content/approximateNearest';
import { createRng } from '../../../src/core/util/rng';

const N = 20_000;
const DIMS = 64;
const rng = createRng(7);
const rows = new Float32Array(N * DIMS);
for (let i = 0; i < N; i++) {
  let norm = 0;
  for (let d = 0; d < DIMS; d++) norm += (rows[i * DIMS + d] = rng.next() - 0.5) ** 2;
  for (let d = 0; d < DIMS; d++) rows[i * DIMS + d] /= Math.sqrt(norm);
}
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const members = Int32Array.from({ length: N }, (_, i) => i);
let visits = 0;
const before = rssMb();
approximateNearest(rows, DIMS, members, 12, () => visits++);
console.log(JSON.stringify({ visits, leftMb: Math.round(rssMb() - before) }));
