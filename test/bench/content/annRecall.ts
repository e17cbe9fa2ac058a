import { readCachedRecords } from '../../../src/core/cache/recordCache';
import { approximateNearest } from '../../../src/core/content/approximateNearest';
import { contentModelId } from '../../../src/core/content/contentModel';
import { projectVectors, type UnitVectors } from '../../../src/core/content/contentSearch';
import { createRng } from '../../../src/core/util/rng';
import { flatRowView } from '../../../src/core/util/rowView';
import { centredUnitReader } from '../../../src/core/content/centredVectors';
import { cacheKeyOf } from './cachedSet';

/** The approximate index against the exact search it replaces, on one set's cached content vectors. */
export interface AnnRecall {
  images: number;
  queries: number;
  /** Share of each sampled image's 10 exact nearest (projected vectors) that the index returned. */
  recallAt10: number;
  /** CPU seconds to build the index over every image and query each (this process, one thread). */
  indexCpuS: number;
  /** Resident memory the index added (MB; the rows it reads are not counted). */
  indexMb: number;
  /** CPU seconds the exact all-pairs pass would take, from the sampled queries' exact search. */
  exactAllPairsCpuS: number;
}

const K = 10;

/** Byte vectors (value = code x scale), read as the search reads them: centred on their mean, unit length. */
export function byteVectors(codes: Uint8Array[], scales: number[]): UnitVectors {
  return {
    count: codes.length,
    dims: codes[0]?.length ?? 0,
    classOf: () => -1,
    read: centredUnitReader(codes, scales),
  };
}

/** The content vectors `analyze --content` cached for `root` (current model), as their byte codes. */
export function cachedVectors(root: string, cacheDir: string): UnitVectors {
  const model = contentModelId();
  const key = cacheKeyOf(root);
  const codes: Uint8Array[] = [];
  const scales: number[] = [];
  for (const record of readCachedRecords(cacheDir, key)) {
    const content = record.result.ok ? record.result.content : undefined;
    if (content?.model !== model) continue;
    codes.push(content.vector);
    scales.push(content.scale);
  }
  return byteVectors(codes, scales);
}

/**
 * Projects `vectors` as the search does (projectVectors) and compares the approximate index's 10 nearest with
 * brute force for `queries` images drawn with a fixed seed.
 */
export function measureAnnRecall(vectors: UnitVectors, queries = 500): AnnRecall | undefined {
  const n = vectors.count;
  if (n < 2 * K) return undefined;
  // In memory (not spilled): the brute force below reads it directly.
  const projected = projectVectors(vectors);
  const k = projected.width;
  const values = projected.values!;
  const rng = createRng(5);
  const sampled = new Map<number, number[]>();
  while (sampled.size < Math.min(queries, n)) sampled.set(rng.int(0, n - 1), []);

  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  let rssPeak = rssBefore;
  approximateNearest(
    flatRowView(values, k),
    Int32Array.from({ length: n }, (_, i) => i),
    K,
    (i, j) => {
      sampled.get(i)?.push(j);
      if ((i & 1023) === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    },
  );
  const indexCpu = process.cpuUsage(cpuBefore);

  const exactBefore = process.cpuUsage();
  let hits = 0;
  for (const [q, found] of sampled) {
    const best: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === q) continue;
      let s = 0;
      for (let a = 0; a < k; a++) s += values[q * k + a] * values[j * k + a];
      if (best.length < K || s > best[K - 1][0]) {
        best.push([s, j]);
        best.sort((x, y) => y[0] - x[0]);
        if (best.length > K) best.pop();
      }
    }
    const exact = new Set(best.map((b) => b[1]));
    hits += found.filter((j) => exact.has(j)).length;
  }
  const exactCpu = process.cpuUsage(exactBefore);
  const perQueryS = (exactCpu.user + exactCpu.system) / 1e6 / sampled.size;
  return {
    images: n,
    queries: sampled.size,
    recallAt10: hits / (K * sampled.size),
    indexCpuS: (indexCpu.user + indexCpu.system) / 1e6,
    indexMb: (rssPeak - rssBefore) / 2 ** 20,
    // All pairs visit each pair once: half of n queries' work.
    exactAllPairsCpuS: (perQueryS * n) / 2,
  };
}
