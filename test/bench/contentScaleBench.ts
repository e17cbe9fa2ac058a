/**
 * Memory of `analyze --content` at a million images (issue 18): the product's CLI, worker pool, cache, shards,
 * pixel checks, content collector, near-duplicate search, label issues, outliers and map, on the 1,000,000
 * distinct 28x28 PNGs of `bench:scale`, with one thing swapped: the workers' embedding model, for a stand-in made
 * from the pixels (content/standIn/, built by content/standInBuild.ts), as the real model would take ~23,600 CPU
 * seconds. The main process is the product's; the workers hold less than with the real model (no TensorFlow.js),
 * so the real workers' measured peak is also added to the main process's, labelled as such. Not part of `npm test`.
 *
 *   npm run bench:content-scale [-- --files <n> --out <dir> --rerun --cache-dir <dir>]
 *
 * `--cache-dir` keeps the cache in that folder (made if missing) instead of a temporary one removed at the end: a
 * later run reuses its vectors (keyed by file, engine version and the stand-in's model id, not by the content
 * stage's code), so the content stage can be measured again without embedding a million images again.
 *
 * Prints the tree's peak RSS (and its parts then), the main process's peak with when it happened (while workers
 * embedded, or after them, in the content stage) and its CPU seconds at that moment, each worker's peak, wall and
 * CPU seconds of the tree, and the report's counts; `--rerun` repeats the run unchanged (the cache's hit). A
 * timeline (every 30 s) goes to bench-data/content-scale-timeline-<n>.txt.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatasetReport } from '../../src/core/engine/report';
import { buildStandInVariant } from './content/standInBuild';
import { ensureScaleSet } from './data/scalePng';
import { scaleSetArgs } from './scale/scaleSetArgs';
import { loadAverageNow } from './measure/machineLoad';
import { CLOCK_TICKS_PER_S, readOrEmpty } from './measure/procfs';
import { sampleTree } from './measure/treeSample';
import { benchDataDir, runBench } from './paths';

const SAMPLE_EVERY_MS = 500;
const TIMELINE_EVERY_MS = 30_000;
/** An embedding worker's peak with the real model, measured at 200,000 images (docs/cache-and-scale.md#memory). */
const REAL_WORKER_MB = 114;
const TARGET_MB = 500;

const mb = (kb: number): number => Math.round(kb / 1024);

interface RunFigures {
  exitCode: number | null;
  wallS: number;
  /** User + system CPU of the CLI and its workers (all reaped by the end). */
  cpuS: number;
  peakTreeMb: number;
  /** The processes' RSS at the tree's peak, main first. */
  peakTreePartsMb: number[];
  peakTreeAtS: number;
  mainPeakMb: number;
  mainPeakAtS: number;
  mainCpuAtPeakS: number;
  /** Live workers when the main process peaked: 0 means the content stage after the workers. */
  workersAtMainPeak: number;
  mainPeakWhileWorkersMb: number;
  workerPeaksMb: number[];
  reportBytes: number;
}

/** CPU seconds used by this process's reaped children (cutime + cstime): the whole tree once it has exited. */
function childrenCpuS(): number {
  const stat = readOrEmpty('/proc/self/stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_S;
}

function runWatched(cliPath: string, root: string, cacheDir: string, reportFile: string, timeline: string) {
  const started = Date.now();
  const cpuBefore = childrenCpuS();
  const child = spawn(
    process.execPath,
    [cliPath, 'analyze', root, '--content', '--cache-dir', cacheDir, '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const report = createWriteStream(reportFile);
  child.stdout.pipe(report);
  const figures: RunFigures = {
    exitCode: null,
    wallS: 0,
    cpuS: 0,
    peakTreeMb: 0,
    peakTreePartsMb: [],
    peakTreeAtS: 0,
    mainPeakMb: 0,
    mainPeakAtS: 0,
    mainCpuAtPeakS: 0,
    workersAtMainPeak: 0,
    mainPeakWhileWorkersMb: 0,
    workerPeaksMb: [],
    reportBytes: 0,
  };
  const workerPeakKb = new Map<number, number>();
  let lastTimeline = -Infinity;
  const timer = setInterval(() => {
    const root = child.pid;
    if (root === undefined) return;
    const parts: [number, number, number][] = []; // pid, kB, CPU ticks
    const tree = sampleTree(root, false, (pid, kb, info) => parts.push([pid, kb, info.ticks]));
    const main = parts.find(([pid]) => pid === root);
    if (!main) return;
    const atS = (Date.now() - started) / 1000;
    const workers = parts.filter(([pid]) => pid !== root);
    for (const [pid, kb] of workers) workerPeakKb.set(pid, Math.max(workerPeakKb.get(pid) ?? 0, kb));
    if (mb(tree.rssKb) > figures.peakTreeMb) {
      figures.peakTreeMb = mb(tree.rssKb);
      figures.peakTreePartsMb = [main, ...workers].map(([, kb]) => mb(kb));
      figures.peakTreeAtS = Math.round(atS);
    }
    if (mb(main[1]) > figures.mainPeakMb) {
      figures.mainPeakMb = mb(main[1]);
      figures.mainPeakAtS = Math.round(atS);
      figures.mainCpuAtPeakS = Math.round(main[2] / CLOCK_TICKS_PER_S);
      figures.workersAtMainPeak = workers.length;
    }
    if (workers.length)
      figures.mainPeakWhileWorkersMb = Math.max(figures.mainPeakWhileWorkersMb, mb(main[1]));
    if (Date.now() - lastTimeline >= TIMELINE_EVERY_MS) {
      lastTimeline = Date.now();
      const cpu = parts.map(([, , ticks]) => Math.round(ticks / CLOCK_TICKS_PER_S));
      appendFileSync(
        timeline,
        `${new Date().toISOString().slice(11, 19)} ${Math.round(atS)} s: tree ${mb(tree.rssKb)} MB = ${parts
          .map(([, kb], k) => `${mb(kb)} (${cpu[k]} CPU s)`)
          .join(' + ')}\n`,
      );
    }
  }, SAMPLE_EVERY_MS);
  return new Promise<RunFigures>((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      figures.exitCode = code;
      figures.wallS = Math.round((Date.now() - started) / 1000);
      figures.cpuS = Math.round(childrenCpuS() - cpuBefore);
      figures.workerPeaksMb = [...workerPeakKb.values()].map(mb);
      report.end(() => {
        figures.reportBytes = report.bytesWritten;
        resolve(figures);
      });
    });
  });
}

/** What the report found, in counts (the content checks' and the pixel checks'). */
function reportCounts(file: string): Record<string, unknown> {
  const report = JSON.parse(readFileSync(file, 'utf8')) as DatasetReport;
  const content = report.content;
  return {
    files: report.files,
    images: report.images,
    classes: report.classes.length,
    pixelIssues: report.issues.length,
    warnings: report.warnings,
    model: content?.model.id,
    embedded: content?.embedded,
    nearDuplicates: content?.nearDuplicates,
    labelCheck: content?.labelIssues && {
      examined: content.labelIssues.examined,
      accuracy: content.labelIssues.accuracy,
    },
    labelIssues: report.labelIssues?.length,
    outliers: content?.outliers && {
      classes: content.outliers.byClass.length,
      perClass: content.outliers.byClass[0]?.images.length,
      overall: content.outliers.overall.length,
    },
    map: content?.map && { shown: content.map.shown, of: content.map.of },
    skipped: content?.skipped,
  };
}

function describe(name: string, run: RunFigures): string {
  const assembled = run.mainPeakMb + 2 * REAL_WORKER_MB;
  const inPhase = run.mainPeakWhileWorkersMb + 2 * REAL_WORKER_MB;
  return [
    `${name}: exit ${run.exitCode}, ${run.wallS} s wall, ${run.cpuS} CPU s (CLI and workers)`,
    `  peak tree RSS ${run.peakTreeMb} MB at ${run.peakTreeAtS} s (${run.peakTreePartsMb.join(' + ')} MB, main first)`,
    `  main process peak ${run.mainPeakMb} MB at ${run.peakTreeAtS === run.mainPeakAtS ? 'the same moment' : `${run.mainPeakAtS} s`}, ${run.mainCpuAtPeakS} CPU s into it, ` +
      (run.workersAtMainPeak
        ? `while ${run.workersAtMainPeak} workers embedded`
        : 'after the workers (content stage)'),
    `  main process peak while workers ran: ${run.mainPeakWhileWorkersMb} MB; stand-in workers' peaks: ${run.workerPeaksMb.join(', ') || 'none'} MB`,
    `  with the real model's workers (${REAL_WORKER_MB} MB each, measured at 200,000 images) substituted: ` +
      `${inPhase} MB while embedding; ${assembled} MB if the main process's overall peak met both (target < ${TARGET_MB} MB)`,
    `  report ${(run.reportBytes / 2 ** 20).toFixed(1)} MB`,
  ].join('\n');
}

runBench(async () => {
  const { files, root, rerun, cacheDir: keptCache } = scaleSetArgs(process.argv.slice(2), { cacheDir: true });
  const loadAverageAtStart = loadAverageNow();
  ensureScaleSet(root, files);
  // Inside the repository: the bundles find node_modules from there.
  const variant = path.join(benchDataDir, 'content-stand-in');
  const cliPath = await buildStandInVariant(variant);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-content-scale-'));
  const reportFile = path.join(cacheDir, 'report.json');
  if (keptCache) mkdirSync(keptCache, { recursive: true });
  const timeline = path.join(benchDataDir, `content-scale-timeline-${files}.txt`);
  writeFileSync(timeline, '');
  try {
    const cache = keptCache ?? path.join(cacheDir, 'cache');
    const runs: Record<string, RunFigures> = {
      first: await runWatched(cliPath, root, cache, reportFile, timeline),
    };
    console.log(describe('first', runs.first)); // before the counts: a run that fails still gives its figures
    if (runs.first.exitCode !== 0) throw new Error(`the run ended with exit code ${runs.first.exitCode}`);
    const counts = reportCounts(reportFile);
    if (rerun) {
      appendFileSync(timeline, 'unchanged re-run\n');
      runs.unchanged = await runWatched(cliPath, root, cache, reportFile, timeline);
    }
    const result = { files, date: new Date().toISOString(), loadAverageAtStart, runs, counts };
    writeFileSync(
      path.join(benchDataDir, `content-scale-result-${files}.json`),
      JSON.stringify(result, null, 2),
    );
    if (runs.unchanged) console.log(describe('unchanged', runs.unchanged));
    console.log(`report: ${JSON.stringify(counts)}`);
    console.log(`timeline: ${path.relative(process.cwd(), timeline)}`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(variant, { recursive: true, force: true });
  }
});
