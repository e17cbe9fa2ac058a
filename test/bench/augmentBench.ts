/**
 * Benchmarks `dataset-lens augment` against the torchvision + PIL peer on the same chain, in one run, and times
 * the preview grid (4 classes x (original + 3 variants) of 256 px images, warm). Writes
 * bench-data/augment/results.json and this bench's section of BENCHMARKS.md.
 *
 *   npm run bench:augment            300 JPEG photos 256x256 in 4 classes (generated once under bench-data/augment)
 *   options: --count <n> (default 300), --copies <n> (default 2), --reps <n> (default 3, median reported)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { intOption, parseBenchArgs } from './args';
import { ensureAugmentSources } from './data/augmentSource';
import { loadAverageNow } from './measure/machineLoad';
import { timeRun } from './measure/measureRun';
import { median, medianBy } from './measure/stats';
import { benchDataDir, runBench, snapshotBuild } from './paths';
import { augmentPeer, parsePeerAugmentOutput, peerAugmentArgs, PYTHON } from './peers/peers';
import { augmentSection, printAugment, type AugmentResult, type ExportRun } from './augment/augmentReport';
import { writeBenchSection } from './report/benchmarksFile';

const USAGE = '[--count <n>] [--copies <n>] [--reps <n>]';

/** The peer's chain: RandomResizedCrop(scale 0.6..1) -> RandomHorizontalFlip -> RandomRotation(15) -> ColorJitter(.3,.3,.3). */
const PEER_CHAIN = {
  version: 1,
  seed: 1,
  transforms: [
    { name: 'randomResizedCrop', scale: [0.6, 1], ratio: [0.75, 1.333333] },
    { name: 'flipHorizontal', p: 0.5 },
    { name: 'rotate', degrees: [-15, 15], fill: 'constant', interpolation: 'nearest' },
    { name: 'brightness', factor: [0.7, 1.3] },
    { name: 'contrast', factor: [0.7, 1.3], mean: 'luma' },
    { name: 'saturation', factor: [0.7, 1.3] },
  ],
};

const DEFAULTS = { count: 300, copies: 2, reps: 3 };

export interface AugmentOptions {
  count: number;
  copies: number;
  reps: number;
}

export function parseAugmentArgs(argv: string[]): AugmentOptions {
  const values = parseBenchArgs(
    argv,
    { count: { type: 'string' }, copies: { type: 'string' }, reps: { type: 'string' } },
    USAGE,
  );
  return {
    count: intOption('count', values.count, DEFAULTS.count),
    copies: intOption('copies', values.copies, DEFAULTS.copies),
    reps: intOption('reps', values.reps, DEFAULTS.reps),
  };
}

const writtenPerS = (run: ExportRun): number => run.written / run.seconds;

export async function runAugmentBench(options: AugmentOptions): Promise<void> {
  const loadAverageAtStart = loadAverageNow();
  const build = snapshotBuild();
  const benchRoot = path.join(benchDataDir, 'augment');
  mkdirSync(benchRoot, { recursive: true });
  const dataRoot = await ensureAugmentSources(benchRoot, options.count);
  const pipelineFile = path.join(benchRoot, 'peer-chain.pipeline.json');
  writeFileSync(pipelineFile, JSON.stringify(PEER_CHAIN, null, 2));

  const repeat = (run: () => ExportRun): ExportRun =>
    medianBy(Array.from({ length: options.reps }, run), writtenPerS);
  // --quality 75 is PIL's default JPEG quality, which the peer uses.
  const ours = repeat(() => {
    const out = path.join(benchRoot, 'out-ours');
    rmSync(out, { recursive: true, force: true });
    const run = timeRun(process.execPath, [
      build.cliPath,
      'augment',
      dataRoot,
      ...['--pipeline', pipelineFile, '--out', out, '--copies', String(options.copies)],
      ...['--quality', '75', '--json'],
    ]);
    if (run.status !== 0) throw new Error(`dataset-lens augment failed: ${run.stderr}`);
    const summary = JSON.parse(run.stdout) as { written: number; seconds: number };
    return { written: summary.written, seconds: summary.seconds, wall: run.wallS };
  });

  const peer = augmentPeer();
  const peerRun = peer.problem
    ? undefined
    : repeat(() => {
        const out = path.join(benchRoot, 'out-peer');
        rmSync(out, { recursive: true, force: true });
        const run = timeRun(PYTHON, peerAugmentArgs(peer.script, dataRoot, out, options.copies));
        if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
        const result = parsePeerAugmentOutput(run.stdout);
        return { written: result.written, seconds: result.seconds, wall: run.wallS };
      });

  const preview = timeRun(process.execPath, [
    build.cliPath,
    'preview',
    dataRoot,
    ...['--pipeline', pipelineFile, '--out', path.join(benchRoot, 'grid.png')],
    ...['--per-class', '1', '--variants', '3', '--repeat', '6', '--json'],
  ]);
  if (preview.status !== 0) throw new Error(`preview failed: ${preview.stderr}`);
  const timings = (JSON.parse(preview.stdout) as { timingsMs: number[] }).timingsMs;

  const result: AugmentResult = {
    date: new Date(),
    commit: build.commit,
    loadAverageAtStart,
    ...options,
    ours,
    peer: peerRun,
    peerProblem: peer.problem,
    previewMs: timings,
    previewWarmMedianMs: median(timings.slice(1)),
  };
  printAugment(result);
  writeFileSync(
    path.join(benchRoot, 'results.json'),
    JSON.stringify({ ...result, date: result.date.toISOString(), peer: peerRun ?? null }, null, 2) + '\n',
  );
  if (options.count === DEFAULTS.count && options.copies === DEFAULTS.copies) {
    await writeBenchSection(augmentSection(result));
    console.log('BENCHMARKS.md: section "augment" updated');
  } else console.log('BENCHMARKS.md left alone: it records the default --count and --copies only');
}

if (require.main === module) runBench(() => runAugmentBench(parseAugmentArgs(process.argv.slice(2))));
