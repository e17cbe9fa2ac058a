// Benchmarks `dataset-lens augment` against the torchvision + PIL peer on the same chain, in one run, and times
// the preview grid (4 classes x (original + 3 variants) of 256 px images, warm).
//
//   npm run bench:augment            300 JPEG photos 256x256 in 4 classes (generated once under bench-data/augment)
//   options: --count <n> (default 300), --copies <n> (default 2), --reps <n> (default 3, median reported)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const peerPath = path.resolve(repoRoot, '..', 'shared', 'peers', 'peer_augment.py');
const PYTHON = '/usr/bin/python3';
const GENERATOR_VERSION = 1;
const CLASSES = ['apple', 'bird', 'car', 'dog'];

const args = parseArgs(process.argv.slice(2));
const benchRoot = path.join(repoRoot, 'bench-data', 'augment');
const dataRoot = path.join(benchRoot, `photos-${args.count}-v${GENERATOR_VERSION}`);

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

await main();

async function main() {
  await ensureData();
  const pipelineFile = path.join(benchRoot, 'peer-chain.pipeline.json');
  writeFileSync(pipelineFile, JSON.stringify(PEER_CHAIN, null, 2));

  const ours = median(
    repeat(args.reps, () => {
      const out = path.join(benchRoot, 'out-ours');
      rmSync(out, { recursive: true, force: true });
      const started = performance.now();
      // --quality 75 is PIL's default JPEG quality, which the peer uses.
      const run = spawnSync(
        process.execPath,
        [
          cliPath,
          'augment',
          dataRoot,
          '--pipeline',
          pipelineFile,
          '--out',
          out,
          '--copies',
          String(args.copies),
          '--quality',
          '75',
          '--json',
        ],
        { encoding: 'utf8' },
      );
      if (run.status !== 0) throw new Error(`dataset-lens augment failed: ${run.stderr}`);
      const summary = JSON.parse(run.stdout);
      return {
        written: summary.written,
        seconds: summary.seconds,
        wall: (performance.now() - started) / 1000,
      };
    }),
  );

  const peerProblem = checkPeer();
  const peer = peerProblem
    ? undefined
    : median(
        repeat(args.reps, () => {
          const out = path.join(benchRoot, 'out-peer');
          rmSync(out, { recursive: true, force: true });
          const started = performance.now();
          const run = spawnSync(PYTHON, [peerPath, dataRoot, out, '--copies', String(args.copies)], {
            encoding: 'utf8',
          });
          if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
          const result = JSON.parse(run.stdout.trim().split('\n').pop());
          return {
            written: result.written,
            seconds: result.seconds,
            wall: (performance.now() - started) / 1000,
          };
        }),
      );

  const preview = spawnSync(
    process.execPath,
    [
      cliPath,
      'preview',
      dataRoot,
      '--pipeline',
      pipelineFile,
      '--out',
      path.join(benchRoot, 'grid.png'),
      '--per-class',
      '1',
      '--variants',
      '3',
      '--repeat',
      '6',
      '--json',
    ],
    { encoding: 'utf8' },
  );
  if (preview.status !== 0) throw new Error(`preview failed: ${preview.stderr}`);
  const timings = JSON.parse(preview.stdout).timingsMs;
  const warm = medianOf(timings.slice(1));

  const rate = (r) => r.written / r.seconds;
  const rows = [
    ['dataset-lens augment (worker processes, one per core)', ours],
    ...(peer ? [['peer: torchvision + PIL, 2 processes', peer]] : []),
  ];
  console.log(
    `\nAugmented export: ${args.count} JPEG 256x256 sources x ${args.copies} copies, same chain, median of ${args.reps}`,
  );
  console.log('| tool | written | seconds (inside) | written/s | wall s (with start-up) |');
  console.log('|---|---|---|---|---|');
  for (const [name, r] of rows)
    console.log(
      `| ${name} | ${r.written} | ${r.seconds.toFixed(2)} | ${rate(r).toFixed(0)} | ${r.wall.toFixed(2)} |`,
    );
  if (peer)
    console.log(`ratio (ours / peer, written/s): ${(rate(ours) / rate(peer)).toFixed(2)}x   goal >= 1.0x`);
  else console.log(`peer unavailable: ${peerProblem}`);
  console.log(
    `\nPreview 4x4 grid of 256 px (4 classes x (original + 3 variants)), in one process: first ${timings[0]} ms, warm median ${warm} ms (target < 150 ms)`,
  );
  const results = {
    date: new Date().toISOString(),
    count: args.count,
    copies: args.copies,
    ours,
    peer: peer ?? null,
    previewMs: timings,
    previewWarmMedianMs: warm,
  };
  writeFileSync(path.join(benchRoot, 'results.json'), JSON.stringify(results, null, 2) + '\n');
}

/** Photo-like JPEGs: smooth gradients, a few shapes and noise, so the encoders do realistic work. */
async function ensureData() {
  if (existsSync(path.join(dataRoot, '.complete'))) return;
  rmSync(dataRoot, { recursive: true, force: true });
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < args.count; i++) {
    const cls = CLASSES[i % CLASSES.length];
    const size = 256;
    const data = Buffer.alloc(size * size * 3);
    const [r0, g0, b0] = [random() * 255, random() * 255, random() * 255];
    const cx = random() * size;
    const cy = random() * size;
    const radius = 30 + random() * 70;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = (y * size + x) * 3;
        const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
        const noise = (random() - 0.5) * 24;
        data[o] = clamp((inside ? 255 - r0 : r0) * (0.6 + (0.4 * x) / size) + noise);
        data[o + 1] = clamp((inside ? 255 - g0 : g0) * (0.6 + (0.4 * y) / size) + noise);
        data[o + 2] = clamp((inside ? b0 : 255 - b0) + noise);
      }
    }
    const file = path.join(dataRoot, cls, `${cls}_${String(i).padStart(5, '0')}.jpg`);
    mkdirSync(path.dirname(file), { recursive: true });
    await sharp(data, { raw: { width: size, height: size, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(file);
  }
  writeFileSync(path.join(dataRoot, '.complete'), '');
}

function checkPeer() {
  if (!existsSync(peerPath)) return `${peerPath} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import torchvision, PIL'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'needs Debian python3-torchvision and python3-pil';
}

function repeat(n, fn) {
  return Array.from({ length: n }, fn);
}

function median(runs) {
  const sorted = runs.slice().sort((a, b) => a.written / a.seconds - b.written / b.seconds);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianOf(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function clamp(v) {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function parseArgs(argv) {
  const out = { count: 300, copies: 2, reps: 3 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key in out) out[key] = Number(argv[++i]);
  }
  return out;
}
