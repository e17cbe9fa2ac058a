/**
 * Scale check: analyses a generated folder of 1,000,000 distinct 28x28 PNGs and reports the peak RSS of the whole
 * process tree and the most file descriptors any of its processes held. Not part of `npm test`.
 *
 *   npm run bench:scale [-- --files <n> --out <dir> --rerun]
 *
 * A run on the default million files writes its section of BENCHMARKS.md; other sizes print only. `--rerun` also
 * measures the runs with a cache: a first run (cache folder emptied) and a re-run after touching one file, which
 * must not take more memory than the run without a cache (issue 20).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureScaleSet } from './data/scalePng';
import { DEFAULT_SCALE_FILES, scaleSetArgs } from './scale/scaleSetArgs';
import { loadAverageNow } from './measure/machineLoad';
import { emptyTreeSample, raisePeak, sampleTree } from './measure/treeSample';
import { benchDataDir, runBench, snapshotBuild } from './paths';
import { writeBenchSection } from './report/benchmarksFile';
import { scaleSection, type ScaleResult } from './scale/scaleReport';

const SAMPLE_EVERY_MS = 200;
/** Pss (smaps_rollup walks page tables) is read on every this many samples. */
const PSS_EVERY = 5;

function runScale(
  cliPath: string,
  root: string,
  cache: string[] = ['--no-cache'],
): Promise<Omit<ScaleResult, 'files' | 'date' | 'commit' | 'loadAverageAtStart'>> {
  const started = Date.now();
  const child = spawn(process.execPath, [cliPath, 'analyze', root, '--json', ...cache], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const peak = emptyTreeSample();
  let tick = 0;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    raisePeak(peak, sampleTree(child.pid, tick++ % PSS_EVERY === 0));
  }, SAMPLE_EVERY_MS);
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (Date.now() - started) / 1000;
      resolve({
        exitCode: code,
        seconds,
        peakRssMb: Math.round(peak.rssKb / 1024),
        peakPssMb: Math.round(peak.pssKb / 1024),
        peakMainRssMb: Math.round(peak.mainKb / 1024),
        peakWorkerRssMb: Math.round(peak.workerKb / 1024),
        peakFdsPerProcess: peak.maxFds,
        reportBytes: bytes,
      });
    });
  });
}

/** The first file (not a hidden marker) of the folder or its first sub-folder: the set is folders of PNGs. */
function firstFile(root: string): string {
  let dir = root;
  for (;;) {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const file = entries.find((e) => e.isFile() && !e.name.startsWith('.'));
    if (file) return path.join(dir, file.name);
    const sub = entries.find((e) => e.isDirectory());
    if (!sub) throw new Error(`no file under ${root}`);
    dir = path.join(dir, sub.name);
  }
}

runBench(async () => {
  const { files, root, rerun } = scaleSetArgs(process.argv.slice(2));
  const loadAverageAtStart = loadAverageNow();
  const build = snapshotBuild();
  ensureScaleSet(root, files);
  const run = await runScale(build.cliPath, root);
  const result: ScaleResult = { files, date: new Date(), commit: build.commit, loadAverageAtStart, ...run };
  const printed = { ...result, date: result.date.toISOString(), imagesPerS: Math.round(files / run.seconds) };
  console.log(JSON.stringify(printed));
  mkdirSync(benchDataDir, { recursive: true });
  writeFileSync(path.join(benchDataDir, `scale-result-${files}.json`), JSON.stringify(printed, null, 2));
  if (rerun) {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-scale-cache-'));
    try {
      const first = await runScale(build.cliPath, root, ['--cache-dir', cacheDir]);
      const touched = firstFile(root);
      const now = new Date();
      utimesSync(touched, now, now);
      const touchedRun = await runScale(build.cliPath, root, ['--cache-dir', cacheDir]);
      const rows = { noCache: run, firstRun: first, touchedOneFile: touchedRun };
      for (const [name, r] of Object.entries(rows))
        console.log(
          `${name}: exit ${r.exitCode}, ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb} MB (PSS ${r.peakPssMb} MB, main ${r.peakMainRssMb} MB, largest worker ${r.peakWorkerRssMb} MB)`,
        );
      console.log(
        `re-run after touching ${path.relative(root, touched)}: ${(touchedRun.peakRssMb / run.peakRssMb).toFixed(2)}x the peak RSS without a cache`,
      );
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  if (files === DEFAULT_SCALE_FILES && run.exitCode === 0) {
    await writeBenchSection(scaleSection(result));
    console.log('BENCHMARKS.md: section "scale" updated');
  }
});
