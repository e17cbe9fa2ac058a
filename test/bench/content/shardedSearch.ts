/**
 * The approximate index alone above one shard: `node --import tsx test/bench/content/shardedSearch.ts IDX_DIR N
 * [SHARD_SIZE] [THREADS]` projects N synthetic content vectors as the search does (projectVectors, spilled) and
 * runs approximateNearest over them as the overall search does (KEPT = 12), then compares each of 300 sampled
 * images' first 10 with brute force over the same projected rows. Image i is image i % B of the idx files'
 * train and t10k images (Fashion-MNIST: B = 70,000), its pixels as its vector; repeat r = floor(i / B) > 0 is
 * rolled r pixels sideways with noise (±24) seeded by i, as in contentAtScale.ts. Prints one JSON line: CPU
 * seconds of the projection, of building the shards and of the queries, recall@10, and the process's RSS before
 * the index and at its peak (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { loadUsearch, approximateNearest } from '../../../src/core/content/approximateNearest';
import { projectVectors, type UnitVectors } from '../../../src/core/content/contentSearch';
import { createRng } from '../../../src/core/util/rng';
import { readIdxPair } from './searchAtScale';

const K = 10;
const KEPT = 12;
const QUERIES = 300;

function statusMb(key: string): number {
  const match = new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function cpuS(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/** The synthetic vectors: pixels centred on the base images' mean, unit length. */
function syntheticVectors(dir: string, count: number): UnitVectors {
  const set = readIdxPair(dir);
  const side = set.side;
  const area = side * side;
  const mean = new Float64Array(area);
  for (let i = 0; i < set.count; i++) for (let p = 0; p < area; p++) mean[p] += set.pixels[i * area + p];
  for (let p = 0; p < area; p++) mean[p] /= set.count;
  return {
    count,
    dims: area,
    classOf: (i) => set.labels[i % set.count],
    read: (i, out) => {
      const base = (i % set.count) * area;
      const repeat = Math.floor(i / set.count);
      let seed = (i * 2654435761) >>> 0;
      let norm = 0;
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          let value = set.pixels[base + y * side + ((x + repeat) % side)];
          if (repeat > 0) {
            seed = (seed * 1103515245 + 12345) >>> 0;
            value = Math.min(255, Math.max(0, value + ((seed >>> 16) % 49) - 24));
          }
          const v = value - mean[y * side + x];
          out[y * side + x] = v;
          norm += v * v;
        }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let p = 0; p < area; p++) out[p] *= inv;
      return out;
    },
  };
}

function main(): void {
  const [dir, countArg, shardArg, threadArg] = process.argv.slice(2);
  const n = Number(countArg);
  if (!dir || !Number.isInteger(n) || n < 2)
    throw new Error('usage: shardedSearch.ts IDX_DIR N [SHARD_SIZE] [THREADS]');
  const shardSize = shardArg ? Number(shardArg) : undefined;
  const threads = threadArg ? Number(threadArg) : 1;
  const vectors = syntheticVectors(dir, n);
  const cpu0 = cpuS();
  const projected = projectVectors(vectors, true);
  const cpu1 = cpuS();
  const rssBefore = statusMb('VmRSS');

  const rng = createRng(5);
  const sampled = new Map<number, number[]>();
  while (sampled.size < Math.min(QUERIES, n)) sampled.set(rng.int(0, n - 1), []);
  // The build ends where the first shard is viewed for its queries.
  const usearch = loadUsearch()!;
  const view = usearch.Index.prototype.view;
  let builtAt = NaN;
  usearch.Index.prototype.view = function (this: typeof usearch.Index.prototype, file: string) {
    if (Number.isNaN(builtAt)) builtAt = cpuS();
    return view.call(this, file);
  };
  let rssPeak = rssBefore;
  approximateNearest(
    projected,
    Int32Array.from({ length: n }, (_, i) => i),
    KEPT,
    (i, j) => {
      sampled.get(i)?.push(j);
      if ((i & 4095) === 0) rssPeak = Math.max(rssPeak, statusMb('VmRSS'));
    },
    threads,
    shardSize,
  );
  const cpu2 = cpuS();

  // Brute force: one pass over the rows, each compared with every sampled query.
  const width = projected.width;
  const queries = [...sampled.keys()];
  const queryRows = queries.map((q) => Float32Array.from(projected.row(q)));
  const best = queries.map(() => [] as [number, number][]);
  for (let j = 0; j < n; j++) {
    const row = projected.row(j);
    for (let q = 0; q < queries.length; q++) {
      if (j === queries[q]) continue;
      let s = 0;
      const a = queryRows[q];
      for (let c = 0; c < width; c++) s += a[c] * row[c];
      const list = best[q];
      if (list.length < K || s > list[K - 1][0]) {
        list.push([s, j]);
        list.sort((x, y) => y[0] - x[0]);
        if (list.length > K) list.pop();
      }
    }
  }
  let hits = 0;
  queries.forEach((q, at) => {
    const exact = new Set(best[at].map((b) => b[1]));
    hits += sampled
      .get(q)!
      .slice(0, K)
      .filter((j) => exact.has(j)).length;
  });
  projected.close();
  process.stdout.write(
    `${JSON.stringify({
      images: n,
      shardSize: shardSize ?? 'default',
      threads,
      projectionCpuS: +(cpu1 - cpu0).toFixed(1),
      buildCpuS: Number.isNaN(builtAt) ? null : +(builtAt - cpu1).toFixed(1),
      queryCpuS: Number.isNaN(builtAt) ? null : +(cpu2 - builtAt).toFixed(1),
      indexCpuS: +(cpu2 - cpu1).toFixed(1),
      recallAt10: +(hits / (K * queries.length)).toFixed(4),
      rssBeforeIndexMb: rssBefore,
      rssPeakSampledMb: rssPeak,
      vmHwmMb: statusMb('VmHWM'),
    })}\n`,
  );
}

if (require.main === module) main();
