/**
 * Scale check: analyses a generated folder of 1,000,000 distinct 28x28 PNGs and reports the peak RSS of the whole
 * process tree and the most file descriptors any of its processes held. Not part of `npm test`.
 *
 *   npm run bench:scale [-- --files <n> --out <dir>]
 *
 * A run on the default million files writes its section of BENCHMARKS.md; other sizes print only.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { intOption, parseBenchArgs } from './args';
import { ensureScaleSet } from './data/scalePng';
import { loadAverageNow } from './measure/machineLoad';
import { descendantsOf, listProcesses, openFileCount, pssKb, rssKb } from './measure/procfs';
import { benchDataDir, runBench, snapshotBuild } from './paths';
import { writeBenchSection } from './report/benchmarksFile';
import { scaleSection, type ScaleResult } from './scale/scaleReport';

const DEFAULT_FILES = 1_000_000;
const SAMPLE_EVERY_MS = 200;
/** Pss (smaps_rollup walks page tables) is read on every this many samples. */
const PSS_EVERY = 5;

interface TreeSample {
  rssKb: number;
  pssKb: number;
  mainKb: number;
  workerKb: number;
  maxFds: number;
}

/** Sum of RSS (and PSS), the main process's and the largest worker's RSS, most open files of one process. */
function sampleTree(rootPid: number, withPss: boolean): TreeSample {
  const sample: TreeSample = { rssKb: 0, pssKb: 0, mainKb: 0, workerKb: 0, maxFds: 0 };
  for (const pid of descendantsOf(rootPid, listProcesses())) {
    const kb = rssKb(pid);
    if (kb === undefined) continue; // gone
    sample.rssKb += kb;
    if (withPss) sample.pssKb += pssKb(pid) ?? 0;
    if (pid === rootPid) sample.mainKb = kb;
    else sample.workerKb = Math.max(sample.workerKb, kb);
    sample.maxFds = Math.max(sample.maxFds, openFileCount(pid));
  }
  return sample;
}

function runScale(
  cliPath: string,
  root: string,
): Promise<Omit<ScaleResult, 'files' | 'date' | 'commit' | 'loadAverageAtStart'>> {
  const started = Date.now();
  const child = spawn(process.execPath, [cliPath, 'analyze', root, '--json', '--no-cache'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const peak: TreeSample = { rssKb: 0, pssKb: 0, mainKb: 0, workerKb: 0, maxFds: 0 };
  let tick = 0;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    const s = sampleTree(child.pid, tick++ % PSS_EVERY === 0);
    for (const key of Object.keys(peak) as (keyof TreeSample)[]) peak[key] = Math.max(peak[key], s[key]);
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

runBench(async () => {
  const values = parseBenchArgs(
    process.argv.slice(2),
    { files: { type: 'string' }, out: { type: 'string' } },
    '[--files <n>] [--out <dir>]',
  );
  const files = intOption('files', values.files, DEFAULT_FILES);
  const root = path.resolve(values.out ?? path.join(benchDataDir, `scale2-${files}`));
  const loadAverageAtStart = loadAverageNow();
  const build = snapshotBuild();
  ensureScaleSet(root, files);
  const run = await runScale(build.cliPath, root);
  const result: ScaleResult = { files, date: new Date(), commit: build.commit, loadAverageAtStart, ...run };
  const printed = { ...result, date: result.date.toISOString(), imagesPerS: Math.round(files / run.seconds) };
  console.log(JSON.stringify(printed));
  mkdirSync(benchDataDir, { recursive: true });
  writeFileSync(path.join(benchDataDir, `scale-result-${files}.json`), JSON.stringify(printed, null, 2));
  if (files === DEFAULT_FILES && run.exitCode === 0) {
    await writeBenchSection(scaleSection(result));
    console.log('BENCHMARKS.md: section "scale" updated');
  }
});
