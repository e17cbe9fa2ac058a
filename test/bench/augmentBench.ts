/**
 * Benchmarks `dataset-lens augment` against the torchvision + PIL peer on the same chain, in one run, and times
 * preview edits in the extension's job process: a 10-class grid (original + 3 variants, 160 px cells, the panel's
 * defaults) on photos and on small images, the chain, edits of its last, a middle and its first step.
 * Writes bench-data/augment/results.json and this bench's section of BENCHMARKS.md.
 *
 *   npm run bench:augment            300 JPEG photos 256x256 in 4 classes (generated once under bench-data/augment)
 *   options: --count <n> (default 300), --copies <n> (default 2), --reps <n> (default 3, median reported),
 *            --preview-photos <dir>, --preview-small <dir> (10 classes or more each; default: 10 x 40 generated
 *            photos of 256..640 px and 28x28 grey PNGs), --preview-edits <n> (default 12)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { intOption, parseBenchArgs } from './args';
import { ensureAugmentSources } from './data/augmentSource';
import { loadAverageNow } from './measure/machineLoad';
import { measure, otherLoadOf, type MeasuredRun } from './measure/measureRun';
import { median, medianBy } from './measure/stats';
import { BenchUsageError, benchDataDir, runBench, snapshotBuild } from './paths';
import { augmentPeer, parsePeerAugmentOutput, peerAugmentArgs, PYTHON } from './peers/peers';
import {
  augmentSection,
  printAugment,
  type AugmentResult,
  type ExportRun,
  type PreviewRun,
} from './augment/augmentReport';
import { ensurePreviewPhotos, ensurePreviewTiny, timePreviewEdits } from './augment/previewEdits';
import { writeBenchSection } from './report/benchmarksFile';

const USAGE =
  '[--count <n>] [--copies <n>] [--reps <n>] [--preview-photos <dir>] [--preview-small <dir>] [--preview-edits <n>]';

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

const DEFAULTS = { count: 300, copies: 2, reps: 3, previewEdits: 12 };
/** An export run taking longer than this is stopped (a hung run must not hold the bench forever). */
const EXPORT_TIMEOUT_S = 1800;

export interface AugmentOptions {
  count: number;
  copies: number;
  reps: number;
  previewPhotos?: string;
  previewSmall?: string;
  previewEdits: number;
}

export function parseAugmentArgs(argv: string[]): AugmentOptions {
  const values = parseBenchArgs(
    argv,
    {
      count: { type: 'string' },
      copies: { type: 'string' },
      reps: { type: 'string' },
      'preview-photos': { type: 'string' },
      'preview-small': { type: 'string' },
      'preview-edits': { type: 'string' },
    },
    USAGE,
  );
  return {
    count: intOption('count', values.count, DEFAULTS.count),
    copies: intOption('copies', values.copies, DEFAULTS.copies),
    reps: intOption('reps', values.reps, DEFAULTS.reps),
    previewPhotos: existingDir('preview-photos', values['preview-photos']),
    previewSmall: existingDir('preview-small', values['preview-small']),
    previewEdits: intOption('preview-edits', values['preview-edits'], DEFAULTS.previewEdits, 3),
  };
}

function existingDir(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!existsSync(value)) throw new BenchUsageError(`--${name}: no such folder: ${value}`);
  return path.resolve(value);
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

  /** Cores other processes used during each export run, ours and the peer's: what marks the run busy. */
  const otherLoads: number[] = [];
  const exportRun = async (what: string, cmd: string, argv: readonly string[]): Promise<MeasuredRun> => {
    const run = await measure(cmd, argv, EXPORT_TIMEOUT_S);
    if (run.code !== 0) throw new Error(`${what} failed${run.timedOut ? ' (timed out)' : ''}: ${run.stderr}`);
    otherLoads.push(otherLoadOf(run));
    return run;
  };
  const repeat = async (run: () => Promise<ExportRun>): Promise<ExportRun> => {
    const runs: ExportRun[] = [];
    for (let r = 0; r < options.reps; r++) runs.push(await run());
    return medianBy(runs, writtenPerS);
  };
  // --quality 75 is PIL's default JPEG quality, which the peer uses.
  const ours = await repeat(async () => {
    const out = path.join(benchRoot, 'out-ours');
    rmSync(out, { recursive: true, force: true });
    const run = await exportRun('dataset-lens augment', process.execPath, [
      build.cliPath,
      'augment',
      dataRoot,
      ...['--pipeline', pipelineFile, '--out', out, '--copies', String(options.copies)],
      ...['--quality', '75', '--json'],
    ]);
    const summary = JSON.parse(run.stdout) as { written: number; seconds: number };
    return { written: summary.written, seconds: summary.seconds, wall: run.wallMs / 1000 };
  });

  const peer = augmentPeer();
  const peerRun = peer.problem
    ? undefined
    : await repeat(async () => {
        const out = path.join(benchRoot, 'out-peer');
        rmSync(out, { recursive: true, force: true });
        const run = await exportRun(
          'peer',
          PYTHON,
          peerAugmentArgs(peer.script, dataRoot, out, options.copies),
        );
        const result = parsePeerAugmentOutput(run.stdout);
        return { written: result.written, seconds: result.seconds, wall: run.wallMs / 1000 };
      });

  const distDir = path.dirname(build.cliPath);
  const previewSets = [
    { kind: 'photos' as const, root: options.previewPhotos ?? (await ensurePreviewPhotos(benchRoot)) },
    { kind: 'small images' as const, root: options.previewSmall ?? (await ensurePreviewTiny(benchRoot)) },
  ];
  const preview: PreviewRun[] = [];
  for (const { kind, root } of previewSets)
    preview.push({ kind, ...(await timePreviewEdits(distDir, root, options.previewEdits)) });

  const result: AugmentResult = {
    date: new Date(),
    commit: build.commit,
    loadAverageAtStart,
    otherLoad: median(otherLoads),
    ...options,
    ours,
    peer: peerRun,
    peerProblem: peer.problem,
    preview,
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
