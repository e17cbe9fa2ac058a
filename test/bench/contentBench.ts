import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetReport } from '../../src/core/engine/report';
import { parseBenchArgs } from './args';
import { byteVectors, cachedVectors, measureAnnRecall, type AnnRecall } from './content/annRecall';
import { dropRunSummary } from './content/cachedSet';
import { readIdxPair } from './content/searchAtScale';
import { BUSY_LOAD_AVERAGE, loadAverageNow } from './measure/machineLoad';
import { measure, otherLoadOf, type MeasuredRun } from './measure/measureRun';
import { fixed, grouped, kbToMb } from './measure/stats';
import { benchDataDir, BenchUsageError, runBench, snapshotBuild } from './paths';
import { writeBenchSection } from './report/benchmarksFile';
import { renderTable } from './report/markdownTable';
import { dayOf, latestHeading, UNDER_LOAD_NOTE } from './report/runHeading';

/**
 * What `analyze --content` costs, side by side with the same analysis without it: `npm run bench:content --
 * [--set DIR ...] [--cached-set DIR ...] [--cache-dir DIR] [--no-write]`. Each `--set` is analysed twice from scratch (`--no-cache`),
 * without and with --content: embedding CPU per image (the difference of the process trees' CPU seconds, GNU
 * time), the share of the whole analysis it is, and the peak RSS of the process tree of each (targets: < 500 MB
 * with --content, < 300 MB without). A `--cached-set` (a large one, whose embedding would take too long to repeat)
 * is analysed with --content from a cache (`--cache-dir`, default bench-data/content-cache; the first run fills it; the
 * run summary an earlier run stored is removed first, so the search runs on the cached vectors): peak RSS and wall
 * time of the search, and the approximate index's recall@10 against the exact search on its vectors.
 * `--scale-idx DIR` (default /usr/share/datasets/fashion-mnist when there) runs the search alone on the 70,000
 * Fashion-MNIST images of an idx folder, raw pixels standing in for content vectors (searchAtScale.ts, no CNN): its
 * time and the peak RSS of its process, and the index's recall@10 on those vectors.
 * Writes the "content" section of BENCHMARKS.md.
 */
const USAGE = '[--set DIR ...] [--cached-set DIR ...] [--cache-dir DIR] [--scale-idx DIR] [--no-write]';
const DEFAULT_SETS = ['/work/data/fashion_small/train', '/work/data/photos_2k'];
const TIMEOUT_S = 4 * 3600;
const RSS_TARGET_MB = 500;
const RSS_TARGET_PIXELS_MB = 300;

interface ScaleResult {
  dir: string;
  run: MeasuredRun;
  out: {
    images: number;
    search: string;
    candidatePairs?: number;
    confirmedPairs?: number;
    groups: number;
    searchCpuS: number;
    searchWallS: number;
  };
  recall?: AnnRecall;
}

const SCALE_SCRIPT = path.join(__dirname, 'content', 'searchAtScale.ts');
const FASHION_IDX = '/usr/share/datasets/fashion-mnist';

async function searchAtScale(dir: string): Promise<ScaleResult> {
  const run = await measure(process.execPath, ['--import', 'tsx', SCALE_SCRIPT, dir], TIMEOUT_S);
  if (run.code !== 0 || run.timedOut)
    throw new Error(`searchAtScale ${dir} failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const set = readIdxPair(dir);
  const area = set.side * set.side;
  const codes = Array.from({ length: set.count }, (_, i) => set.pixels.subarray(i * area, (i + 1) * area));
  const recall = measureAnnRecall(byteVectors(codes, new Array<number>(set.count).fill(1 / 255)));
  return { dir, run, out: JSON.parse(run.stdout) as ScaleResult['out'], recall };
}

function scaleTable(r: ScaleResult): string {
  return renderTable(
    [
      'vectors',
      'images',
      'search',
      'candidate / confirmed pairs',
      'search CPU s',
      'search wall s',
      'peak RSS MB',
      'recall@10',
      'index build + queries CPU s',
      'exact all pairs CPU s (est.)',
    ],
    [
      [
        'Fashion-MNIST raw pixels (784)',
        grouped(r.out.images),
        r.out.search,
        `${r.out.candidatePairs ?? '-'} / ${r.out.confirmedPairs ?? '-'}`,
        fixed(r.out.searchCpuS, 1),
        fixed(r.out.searchWallS, 1),
        mb(r.run),
        r.recall ? fixed(r.recall.recallAt10, 4) : '-',
        r.recall ? fixed(r.recall.indexCpuS, 1) : '-',
        r.recall ? fixed(r.recall.exactAllPairsCpuS, 0) : '-',
      ],
    ],
    ['left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

interface SetResult {
  dir: string;
  images: number;
  pixels?: MeasuredRun;
  content: MeasuredRun;
  report: DatasetReport;
  cached: boolean;
  recall?: AnnRecall;
}

async function analyze(
  cli: string,
  dir: string,
  args: string[],
): Promise<{ run: MeasuredRun; report: DatasetReport }> {
  const run = await measure(process.execPath, [cli, 'analyze', dir, '--json', ...args], TIMEOUT_S);
  if (run.code !== 0 || run.timedOut)
    throw new Error(`analyze ${dir} ${args.join(' ')} failed (${run.code}): ${run.stderr.slice(-2000)}`);
  return { run, report: JSON.parse(run.stdout) as DatasetReport };
}

/** A set's folder name, with its parent's for split folders (fashion_small/train). */
function setName(dir: string): string {
  const base = path.basename(dir);
  return ['train', 'test', 'val'].includes(base) ? `${path.basename(path.dirname(dir))}/${base}` : base;
}

const cpuOf = (run: MeasuredRun) => run.toolCpuS;
const mb = (run: MeasuredRun | undefined) => (run ? fixed(kbToMb(run.peakRssKb), 0) : '-');

function embeddingCpuMs(r: SetResult): number {
  return r.pixels ? ((cpuOf(r.content) - cpuOf(r.pixels)) * 1000) / r.images : NaN;
}

function latestTable(results: SetResult[]): string {
  const header = [
    'set',
    'images',
    'search',
    'CPU s without / with --content',
    'embedding CPU ms/image',
    'images/s per core',
    '--content share of CPU',
    'wall s with --content',
    'peak RSS MB without / with',
    'other load (cores)',
  ];
  const rows = results.map((r) => {
    const ms = embeddingCpuMs(r);
    return [
      setName(r.dir),
      grouped(r.images),
      r.report.content?.nearDuplicates?.search ?? (r.report.content?.skipped ? 'skipped' : '-'),
      `${r.pixels ? fixed(cpuOf(r.pixels), 1) : '-'} / ${fixed(cpuOf(r.content), 1)}${r.cached ? ' (cached)' : ''}`,
      fixed(ms, 1),
      fixed(1000 / ms, 0),
      r.pixels ? `${fixed((100 * (cpuOf(r.content) - cpuOf(r.pixels))) / cpuOf(r.content), 0)}%` : '-',
      fixed(r.content.wallMs / 1000, 1),
      `${mb(r.pixels)} / ${mb(r.content)}`,
      fixed(otherLoadOf(r.content), 1),
    ];
  });
  return renderTable(header, rows, [
    'left',
    'right',
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
  ]);
}

function recallTable(results: SetResult[]): string {
  const rows = results
    .filter((r) => r.recall)
    .map((r) => {
      const a = r.recall!;
      return [
        setName(r.dir),
        grouped(a.images),
        String(a.queries),
        fixed(a.recallAt10, 4),
        fixed(a.indexCpuS, 1),
        fixed(a.exactAllPairsCpuS, 0),
        fixed(a.indexMb, 0),
      ];
    });
  if (rows.length === 0) return '';
  return renderTable(
    [
      'set',
      'images',
      'queries',
      'recall@10',
      'index build + all queries CPU s',
      'exact all pairs CPU s (est.)',
      'index MB',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

runBench(async () => {
  const args = parseBenchArgs(
    process.argv.slice(2),
    {
      set: { type: 'string', multiple: true },
      'cached-set': { type: 'string', multiple: true },
      'cache-dir': { type: 'string' },
      'scale-idx': { type: 'string' },
      'no-write': { type: 'boolean' },
    },
    USAGE,
  );
  const sets = args.set ?? (args['cached-set'] ? [] : DEFAULT_SETS);
  const cachedSets = args['cached-set'] ?? [];
  for (const dir of [...sets, ...cachedSets])
    if (!existsSync(dir)) throw new BenchUsageError(`${dir}: no such folder\noptions: ${USAGE}`);
  const load = loadAverageNow();
  const { cliPath, commit } = snapshotBuild();
  const date = new Date();
  console.log(`content bench, commit ${commit}, load average ${load.toFixed(2)} at start`);
  const results: SetResult[] = [];
  for (const dir of sets) {
    const pixels = await analyze(cliPath, dir, ['--no-cache']);
    const content = await analyze(cliPath, dir, ['--no-cache', '--content']);
    const result = {
      dir,
      images: content.report.images,
      pixels: pixels.run,
      content: content.run,
      report: content.report,
      cached: false,
    };
    results.push(result);
    console.log(
      `${dir}: ${result.images} images; CPU ${fixed(cpuOf(pixels.run), 1)} s without, ${fixed(cpuOf(content.run), 1)} s with --content ` +
        `(${fixed(embeddingCpuMs(result), 1)} ms/image); peak RSS ${mb(pixels.run)} / ${mb(content.run)} MB`,
    );
  }
  const cacheDir = args['cache-dir'] ?? path.join(benchDataDir, 'content-cache');
  mkdirSync(cacheDir, { recursive: true });
  for (const dir of cachedSets) {
    // Records from the cache, the search run: not the report the last run of the same folder stored.
    dropRunSummary(dir, cacheDir);
    const content = await analyze(cliPath, dir, ['--content', '--cache-dir', cacheDir]);
    const recall = measureAnnRecall(cachedVectors(dir, cacheDir));
    const result = {
      dir,
      images: content.report.images,
      content: content.run,
      report: content.report,
      cached: true,
      recall,
    };
    results.push(result);
    console.log(
      `${dir}: ${result.images} images from the cache; ${fixed(content.run.wallMs / 1000, 1)} s, peak RSS ${mb(content.run)} MB; ` +
        `search ${content.report.content?.nearDuplicates?.search ?? content.report.content?.skipped ?? '-'}; ` +
        (recall
          ? `recall@10 ${fixed(recall.recallAt10, 4)} (${recall.queries} queries)`
          : 'no cached vectors'),
    );
  }
  const scaleDir = args['scale-idx'] ?? (existsSync(FASHION_IDX) ? FASHION_IDX : undefined);
  const scale = scaleDir ? await searchAtScale(scaleDir) : undefined;
  if (scale)
    console.log(
      `search alone on ${scale.out.images} pixel vectors: ${scale.out.search}, ${fixed(scale.out.searchCpuS, 1)} s CPU, ` +
        `peak RSS ${mb(scale.run)} MB, recall@10 ${scale.recall ? fixed(scale.recall.recallAt10, 4) : '-'}`,
    );
  const over = results.filter(
    (r) =>
      kbToMb(r.content.peakRssKb) >= RSS_TARGET_MB ||
      (r.pixels && kbToMb(r.pixels.peakRssKb) >= RSS_TARGET_PIXELS_MB),
  );
  if (args['no-write']) return;
  const latest = (run: number) =>
    [
      latestHeading(run, date, commit),
      load > BUSY_LOAD_AVERAGE ? `${UNDER_LOAD_NOTE} (load average ${load.toFixed(2)} at start)` : '',
      latestTable(results),
      recallTable(results),
      scale
        ? `The search alone at 70,000 images (\`test/bench/content/searchAtScale.ts\`: raw pixels stand in for content vectors, no CNN; time of the search, outliers and label check; peak RSS of that process):\n\n${scaleTable(scale)}`
        : '',
      over.length
        ? `Peak RSS at or above its target (${RSS_TARGET_MB} MB with --content, ${RSS_TARGET_PIXELS_MB} MB without): ${over.map((r) => setName(r.dir)).join(', ')}.`
        : `Peak RSS of the whole process tree under ${RSS_TARGET_MB} MB with --content and ${RSS_TARGET_PIXELS_MB} MB without on every set.`,
    ]
      .filter(Boolean)
      .join('\n\n');
  await writeBenchSection({
    id: 'content',
    title: 'Content (`analyze --content`)',
    latest,
    history: results.map((r) => ({
      table: setName(r.dir),
      header: ['date', 'commit', 'images', 'embedding ms/image', 'share', 'peak RSS MB', 'recall@10'],
      row: [
        dayOf(date),
        commit,
        String(r.images),
        fixed(embeddingCpuMs(r), 1),
        r.pixels ? `${fixed((100 * (cpuOf(r.content) - cpuOf(r.pixels))) / cpuOf(r.content), 0)}%` : '-',
        mb(r.content),
        r.recall ? fixed(r.recall.recallAt10, 4) : '-',
      ],
    })),
  });
});
