/**
 * Benchmarks `dataset-lens augment` against the torchvision + PIL peer on the same chain, in one run, and times
 * preview edits in the extension's job process: a 10-class grid (original + 3 variants, 160 px cells, the panel's
 * defaults) on photos and on small images, the issue's chain, edits of its last, a middle and its first step.
 * Writes bench-data/augment/results.json and this bench's section of BENCHMARKS.md.
 *
 *   npm run bench:augment            300 JPEG photos 256x256 in 4 classes (generated once under bench-data/augment)
 *   npm run bench:augment -- --source /work/data/photos_2k --source /work/data/digits
 *                                    the export compared on each real folder instead (one table and ratio each)
 *   options: --count <n> (default 300), --copies <n> (default 2), --reps <n> (default 3, median reported; ours
 *            and the peer alternate), --source <dir> (repeatable), --step-sample <n> (default 200:
 *            sources per set whose steps are timed one by one in this process; 0 skips it), --no-preview, --preview-photos <dir>,
 *            --preview-small <dir> (10 classes or more each; default: 10 x 40 generated photos of 256..640 px and
 *            28x28 grey PNGs), --preview-edits <n> (default 12)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { intOption, parseBenchArgs } from './args';
import { ISSUE_CHAIN, PEER_CHAIN } from './augment/chains';
import { ensureAugmentSources } from './data/augmentSource';
import { loadAverageNow } from './measure/machineLoad';
import { median } from './measure/stats';
import { BenchUsageError, benchDataDir, runBench, snapshotBuild } from './paths';
import { augmentPeer } from './peers/peers';
import {
  augmentSection,
  printAugment,
  type AugmentResult,
  type PreviewRun,
  type SetStepCosts,
} from './augment/augmentReport';
import { compareExport, type ExportComparison, type ExportSet } from './augment/exportCompare';
import { measureStepCosts } from './augment/stepCosts';
import { ensurePreviewPhotos, ensurePreviewTiny, timePreviewEdits } from './augment/previewEdits';
import { writeBenchSection } from './report/benchmarksFile';

const USAGE =
  '[--count <n>] [--copies <n>] [--reps <n>] [--source <dir>]... [--step-sample <n>] [--no-preview] ' +
  '[--preview-photos <dir>] ' +
  '[--preview-small <dir>] [--preview-edits <n>]';

const DEFAULTS = { count: 300, copies: 2, reps: 3, previewEdits: 12, stepSample: 200 };

export interface AugmentOptions {
  count: number;
  copies: number;
  reps: number;
  /** Real folders to compare the export on, instead of the generated JPEGs. */
  sources: string[];
  /** Sources per set whose steps are timed one by one in this process (0: not timed). */
  stepSample: number;
  preview: boolean;
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
      source: { type: 'string', multiple: true },
      'step-sample': { type: 'string' },
      'no-preview': { type: 'boolean' },
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
    sources: (values.source ?? []).map((dir) => existingDir('source', dir)!),
    stepSample: intOption('step-sample', values['step-sample'], DEFAULTS.stepSample, 0),
    preview: !values['no-preview'],
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

export async function runAugmentBench(options: AugmentOptions): Promise<void> {
  const loadAverageAtStart = loadAverageNow();
  const build = snapshotBuild();
  const benchRoot = path.join(benchDataDir, 'augment');
  mkdirSync(benchRoot, { recursive: true });
  const pipelineFile = path.join(benchRoot, 'peer-chain.pipeline.json');
  writeFileSync(pipelineFile, JSON.stringify(PEER_CHAIN, null, 2));
  const sets: ExportSet[] = options.sources.length
    ? options.sources.map((root) => ({ root, label: `real data: ${root}`, generated: false }))
    : [
        {
          root: await ensureAugmentSources(benchRoot, options.count),
          label: `${options.count} JPEG 256x256 sources (generated)`,
          generated: true,
        },
      ];

  const peer = augmentPeer();
  const exports: ExportComparison[] = [];
  const stepCosts: SetStepCosts[] = [];
  for (const set of sets) {
    if (options.stepSample > 0) {
      console.log(`step costs: ${set.label}`);
      stepCosts.push({
        set: set.label,
        chains: [
          {
            chain: "the peer's chain",
            costs: await measureStepCosts(set.root, PEER_CHAIN, options.stepSample),
          },
          {
            chain: "the issue's chain",
            costs: await measureStepCosts(set.root, ISSUE_CHAIN, options.stepSample),
          },
        ],
      });
    }
    console.log(`export: ${set.label}`);
    exports.push(
      await compareExport(
        set,
        {
          cliPath: build.cliPath,
          pipelineFile,
          copies: options.copies,
          reps: options.reps,
          workDir: benchRoot,
        },
        peer.problem ? undefined : peer.script,
      ),
    );
  }

  const distDir = path.dirname(build.cliPath);
  const preview: PreviewRun[] = [];
  if (options.preview) {
    const previewSets = [
      { kind: 'photos' as const, root: options.previewPhotos ?? (await ensurePreviewPhotos(benchRoot)) },
      { kind: 'small images' as const, root: options.previewSmall ?? (await ensurePreviewTiny(benchRoot)) },
    ];
    for (const { kind, root } of previewSets)
      preview.push({ kind, ...(await timePreviewEdits(distDir, root, options.previewEdits)) });
  }

  const result: AugmentResult = {
    date: new Date(),
    commit: build.commit,
    loadAverageAtStart,
    otherLoad: median(
      exports.flatMap(({ ours, peer }) => (peer ? [ours.otherLoad, peer.otherLoad] : [ours.otherLoad])),
    ),
    count: options.count,
    copies: options.copies,
    reps: options.reps,
    exports,
    stepCosts,
    peerProblem: peer.problem,
    preview,
  };
  printAugment(result);
  writeFileSync(
    path.join(benchRoot, 'results.json'),
    JSON.stringify({ ...result, date: result.date.toISOString() }, null, 2) + '\n',
  );
  // Rows of one history table must be comparable: the generated set's is named by --count, all by --copies.
  const comparable =
    options.copies === DEFAULTS.copies && (options.sources.length > 0 || options.count === DEFAULTS.count);
  if (comparable) {
    await writeBenchSection(augmentSection(result));
    console.log('BENCHMARKS.md: section "augment" updated');
  } else console.log('BENCHMARKS.md left alone: it records the default --count and --copies only');
}

if (require.main === module) runBench(() => runAugmentBench(parseAugmentArgs(process.argv.slice(2))));
