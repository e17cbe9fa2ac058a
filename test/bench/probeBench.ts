import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LabelPair, LabelSafetyReport, TransformSafety } from '../../src/core/probe/probeTypes';
import { DIGIT_GLYPHS, writeAppleDataset, writeGlyphDataset } from '../unit/helpers/probeData';

/**
 * The label-safety probe against its targets (issue 17), each set probed with several seeds through the CLI:
 * `npm run bench:probe -- [--data DIR] [--seeds 1,2,3] [--sets digits,fashion,sample,photos,photos-content]`.
 * With --data (default /work/data when present) it reads real sets written by other tools: DIR/digits (sklearn
 * digits, 32x32), DIR/fashion_small/train (Fashion-MNIST, 2,000), DIR/photos_2k (JPEG photos, also read through
 * `--features content`); and the bundled sample (media/sample). A missing set falls back to a generated one
 * (digits 0 1 6 7 9 glyphs, coloured-apple JPEGs for photos) or is skipped with a message: nothing is downloaded.
 * Prints verdict per seed beside the target, the measured cost, and wall / CPU time per run.
 */
const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const generated = path.join(repo, 'bench-data', 'probe');

interface Step {
  transform: Record<string, unknown>;
  /** The issue's target verdict, or undefined where it sets none. */
  target?: 'safe' | 'breaks';
  /** A pair the target names ("6↔9 among the pairs"). */
  pair?: [string, string];
}

interface BenchSet {
  name: string;
  /** Folder under --data (or, absolute, anywhere). */
  real: string;
  /** `--features` of its runs (default auto). */
  features?: string;
  generate?: { name: string; make(dir: string): Promise<void> };
  steps: Step[];
}

const SETS: BenchSet[] = [
  {
    name: 'digits',
    real: 'digits',
    generate: {
      name: 'generated digits 0 1 6 7 9',
      make: (dir) => writeGlyphDataset(dir, DIGIT_GLYPHS, 400, 3),
    },
    steps: [
      { transform: { name: 'rotate', degrees: [180, 180] }, target: 'breaks', pair: ['6', '9'] },
      { transform: { name: 'flipVertical' }, target: 'breaks' },
      { transform: { name: 'rotate', degrees: [-10, 10] }, target: 'safe' },
      { transform: { name: 'brightness', delta: [-0.1, 0.1] }, target: 'safe' },
    ],
  },
  {
    name: 'fashion',
    real: path.join('fashion_small', 'train'),
    steps: [
      { transform: { name: 'flipHorizontal' }, target: 'safe' },
      { transform: { name: 'rotate', degrees: [-15, 15] }, target: 'safe' },
      { transform: { name: 'randomResizedCrop', scale: [0.7, 1] }, target: 'safe' },
      { transform: { name: 'brightness', delta: [-0.1, 0.1] } },
    ],
  },
  {
    // Four shapes anywhere on busy backgrounds (`npm start` or scripts/make-sample.mjs writes it): pooled
    // features cannot judge it, so auto reads the content embedding.
    name: 'sample',
    real: path.join(repo, 'media', 'sample'),
    steps: [
      { transform: { name: 'flipHorizontal' }, target: 'safe' },
      { transform: { name: 'rotate', degrees: [-15, 15] }, target: 'safe' },
      { transform: { name: 'randomResizedCrop', scale: [0.7, 1] } },
      { transform: { name: 'brightness', delta: [-0.1, 0.1] } },
    ],
  },
  {
    name: 'photos',
    real: 'photos_2k',
    generate: { name: 'generated apple JPEGs', make: (dir) => writeAppleDataset(dir, 667, 8) },
    steps: [
      { transform: { name: 'flipHorizontal' }, target: 'safe' },
      { transform: { name: 'rotate', degrees: [-15, 15] } },
      { transform: { name: 'randomResizedCrop', scale: [0.7, 1] } },
      { transform: { name: 'brightness', delta: [-0.1, 0.1] } },
    ],
  },
  {
    // The same photos through the content embedding, to compare with pooled features and to time it.
    name: 'photos-content',
    real: 'photos_2k',
    features: 'content',
    steps: [
      { transform: { name: 'flipHorizontal' }, target: 'safe' },
      { transform: { name: 'rotate', degrees: [-15, 15] } },
      { transform: { name: 'randomResizedCrop', scale: [0.7, 1] } },
      { transform: { name: 'brightness', delta: [-0.1, 0.1] } },
    ],
  },
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Preloaded into the CLI: its own CPU time and peak memory, on stderr when it exits. */
const CPU_REPORT =
  'data:text/javascript,process.on("exit",()=>{const c=process.cpuUsage();' +
  'process.stderr.write("\\nBENCH_CPU "+JSON.stringify({cpu:(c.user+c.system)/1e6,rssMb:process.resourceUsage().maxRSS/1024})+"\\n")})';

interface Run {
  seed: number;
  report: LabelSafetyReport;
  wall: number;
  cpu: number;
  rssMb: number;
}

function probe(dir: string, pipeline: string, seed: number, features = 'auto'): Run {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      ...['--import', CPU_REPORT, cli, 'probe', dir, '--pipeline', pipeline],
      ...['--seed', String(seed), '--features', features, '--json'],
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`probe ${dir} failed (${result.status}): ${result.stderr}`);
  const usage = /BENCH_CPU (.*)/.exec(result.stderr);
  const { cpu, rssMb } = usage
    ? (JSON.parse(usage[1]) as { cpu: number; rssMb: number })
    : { cpu: NaN, rssMb: NaN };
  return {
    seed,
    report: JSON.parse(result.stdout) as LabelSafetyReport,
    wall: (Date.now() - started) / 1000,
    cpu,
    rssMb,
  };
}

function hasPair(t: TransformSafety, [a, b]: [string, string]): boolean {
  const has = (p: LabelPair, x: string, y: string) => p.from === x && p.to === y;
  return t.pairs.some((p) => has(p, a, b)) && t.pairs.some((p) => has(p, b, a));
}

function describeStep(transform: Record<string, unknown>): string {
  const { name, ...options } = transform;
  const shown = Object.entries(options).map(
    ([k, v]) => `${k} ${Array.isArray(v) ? v.join('..') : String(v)}`,
  );
  return `${String(name)}${shown.length ? ` (${shown.join(', ')})` : ''}`;
}

async function main(): Promise<void> {
  const dataRoot = option('--data') ?? (existsSync('/work/data') ? '/work/data' : undefined);
  const seeds = (option('--seeds') ?? '1,2,3').split(',').map(Number);
  const only = option('--sets')?.split(',');
  mkdirSync(generated, { recursive: true });
  console.log(
    `Load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${os.cpus().length} cores)`,
  );
  let misses = 0;
  for (const set of SETS.filter((s) => !only || only.includes(s.name))) {
    let dir = path.isAbsolute(set.real) ? set.real : dataRoot ? path.join(dataRoot, set.real) : '';
    let source = dir;
    if (!dir || !existsSync(dir)) {
      if (!set.generate) {
        console.log(
          `\n${set.name}: skipped (no ${set.real} under ${dataRoot ?? '--data'}; nothing to generate)`,
        );
        continue;
      }
      dir = path.join(generated, set.name);
      source = set.generate.name;
      if (!existsSync(dir)) await set.generate.make(dir);
    }
    const pipeline = path.join(generated, `${set.name}.pipeline.json`);
    writeFileSync(
      pipeline,
      JSON.stringify({ version: 1, seed: 1, transforms: set.steps.map((s) => s.transform) }),
    );
    const runs = seeds.map((seed) => probe(dir, pipeline, seed, set.features));
    const first = runs[0].report;
    console.log(
      `\n${set.name}: ${source} — ${first.sample?.train}+${first.sample?.heldOut} images per round, ` +
        `${first.features?.kind} features, null model ${runs.map((r) => r.report.cleanAccuracy).join(' / ')} ` +
        `(judging needs ${first.judgeableThreshold}), ${first.backend}`,
    );
    console.log(
      `  ${'step'.padEnd(40)} ${'target'.padEnd(7)} ${seeds.map((s) => `seed ${s}`.padEnd(8)).join(' ')} cost per seed [95% interval] p (rounds)`,
    );
    set.steps.forEach((step, i) => {
      const verdicts = runs.map((r) => r.report.transforms[i].verdict);
      const pairOk = step.pair ? runs.every((r) => hasPair(r.report.transforms[i], step.pair!)) : true;
      const ok = !step.target || (verdicts.every((v) => v === step.target) && pairOk);
      if (!ok) misses++;
      const costs = runs.map((r) => {
        const m = r.report.transforms[i].measured;
        return m
          ? `${m.cost.toFixed(3)} [${m.interval[0].toFixed(3)}, ${m.interval[1].toFixed(3)}] p ${m.test.pValue.toPrecision(2)} (${m.rounds})`
          : '-';
      });
      const target = step.target ? `${step.target}${step.pair ? ` ${step.pair.join('↔')}` : ''}` : '-';
      console.log(
        `  ${describeStep(step.transform).padEnd(40)} ${target.padEnd(7)} ${verdicts.map((v) => v.padEnd(8)).join(' ')} ${costs.join('; ')}${ok ? '' : '  <- MISSES TARGET'}`,
      );
    });
    console.log(
      `  time: ${runs.map((r) => `${r.wall.toFixed(1)} s wall / ${r.cpu.toFixed(1)} s CPU / ${Math.round(r.rssMb)} MB`).join('; ')}`,
    );
  }
  console.log(
    `\nLoad average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(misses ? `${misses} step(s) miss their target` : 'every step meets its target');
  process.exitCode = misses ? 1 : 0;
}

void main();
