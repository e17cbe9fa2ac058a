// Benchmarks `dataset-lens analyze` against the strongest peer (OpenCV, 2 processes) side by side, in one run:
// speed (median wall time of N runs), peak memory of each whole process tree, and whether the statistics agree.
//
//   npm run bench               50,000 28x28 grey PNGs + 2,000 JPEG photos (generated once under bench-data/)
//   node scripts/bench.mjs --quick    5,000 PNGs + 300 JPEGs, for a fast sanity run (after npm run build)
//   options: --large (adds 160 12-megapixel JPEGs, for memory), --reps <n> (default 3), --timeout <s> per run
//   (default 900)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Other people rebuild dist/ while a bench runs: measure a private copy of this build instead (inside the repo,
// so the bundle still finds node_modules/sharp).
const snapshotDir = path.join(repoRoot, 'bench-data', 'dist-snapshot');
const cliPath = path.join(snapshotDir, 'cli.js');
const peerPath = path.resolve(repoRoot, '..', 'shared', 'peers', 'peer_stats.py');
const PYTHON = '/usr/bin/python3';
const GNU_TIME = '/usr/bin/time';

/** Bump when the generators change, so cached datasets are rebuilt rather than silently reused. */
const GENERATOR_VERSION = 1;
const SAMPLE_EVERY_MS = 50;
/** Re-list the process tree, and read Pss, every this many samples: both are costly (see treeSampler). */
const RESCAN_EVERY = 5;
const PSS_EVERY = 10;
/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat (100 on every Linux build that matters here). */
const CLOCK_TICKS_PER_S = 100;
/** A run during which other processes used more than this many cores is repeated, up to RETRIES_WHEN_BUSY times. */
const BUSY_LOAD = 0.25;
const RETRIES_WHEN_BUSY = 2;
/** Mean/std agreement required on lossless data (the report promises exact statistics). */
const EXACT_TOLERANCE = 1e-6;

const args = parseArgs(process.argv.slice(2));
const dataRoot = path.join(repoRoot, 'bench-data', args.quick ? 'quick' : 'full');
const cacheDir = path.join(dataRoot, 'cli-cache');
/** Emptied before each "first run", which writes a new cache there. */
const firstRunCacheDir = path.join(dataRoot, 'cli-cache-first-run');
const resultsPath = path.join(repoRoot, 'bench-data', args.quick ? 'results-quick.json' : 'results.json');

const DATASETS = [
  {
    name: 'tiny',
    count: args.quick ? 5000 : 50000,
    classes: 10,
    ext: 'png',
    lossless: true,
    write: writeTiny,
  },
  {
    name: 'photos',
    count: args.quick ? 300 : 2000,
    classes: 5,
    ext: 'jpg',
    lossless: false,
    write: writePhoto,
  },
  // Opt-in (--large): peak memory on camera-sized images. 160 files: more than two batches, so both workers run.
  ...(args.large
    ? [
        {
          name: 'large',
          count: args.quick ? 24 : 160,
          classes: 2,
          ext: 'jpg',
          lossless: false,
          write: writeLargePhoto,
        },
      ]
    : []),
];

async function main() {
  const source = snapshotBuild();
  const cli = cliCapabilities();
  const peerProblem = checkPeer();
  if (peerProblem)
    log(
      `\n*** Peer unavailable: ${peerProblem}\n*** Running only dataset-lens; no ratios or cross-checks.\n`,
    );
  const results = [];
  for (const dataset of DATASETS) {
    const dir = await ensureDataset(dataset);
    results.push(await benchDataset(dataset, dir, toolsFor(dir, cli, !peerProblem)));
  }
  printTable(results);
  printChecks(results);
  writeResults(results, { source, cli, peerProblem });
}

/** Copies dist/ and returns which source it was built from (src/ may hold uncommitted work in progress). */
function snapshotBuild() {
  rmSync(snapshotDir, { recursive: true, force: true });
  cpSync(path.join(repoRoot, 'dist'), snapshotDir, { recursive: true });
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8' });
  return `${git.stdout.trim()} (dist/ copied ${new Date().toISOString()})`;
}

/**
 * The CLI may keep a per-image cache: the main comparison must then pass --no-cache (the peer decodes every
 * time), and a separate "warm cache" row shows what a re-run costs.
 */
function cliCapabilities() {
  const help = spawnSync(process.execPath, [cliPath, 'analyze', '--help'], { encoding: 'utf8' }).stdout ?? '';
  return { cache: help.includes('--no-cache') && help.includes('--cache-dir') };
}

function parseArgs(argv) {
  const out = { quick: false, large: false, reps: 3, timeout: 900 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') out.quick = true;
    else if (argv[i] === '--large') out.large = true;
    else if (argv[i] === '--reps') out.reps = Number(argv[++i]);
    else if (argv[i] === '--timeout') out.timeout = Number(argv[++i]);
    else throw new Error(`Unknown option ${argv[i]} (expected --quick, --large, --reps <n>, --timeout <s>)`);
  }
  if (!Number.isInteger(out.reps) || out.reps < 1) throw new Error('Expected an integer >= 1 for --reps');
  if (!(out.timeout > 0)) throw new Error('Expected a number of seconds > 0 for --timeout');
  return out;
}

function log(message) {
  process.stderr.write(message + '\n');
}

/** Returns why the peer cannot run, or undefined when it can. */
function checkPeer() {
  if (!existsSync(peerPath)) return `${peerPath} not found`;
  if (!existsSync(PYTHON))
    return `${PYTHON} not found (install Debian python3, python3-numpy, python3-opencv)`;
  const probe = spawnSync(PYTHON, ['-c', 'import cv2, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `${PYTHON} cannot import cv2/numpy (apt-get install python3-opencv python3-numpy)`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Dataset generation: deterministic (seeded per image), cached, rebuilt when the version marker differs.
// ---------------------------------------------------------------------------------------------------------

async function ensureDataset(dataset) {
  const dir = path.join(dataRoot, dataset.name);
  const markerPath = `${dir}.version.json`;
  const marker = JSON.stringify({
    generator: GENERATOR_VERSION,
    count: dataset.count,
    sharp: sharp.versions.sharp,
  });
  if (existsSync(dir) && existsSync(markerPath) && readFileSync(markerPath, 'utf8') === marker) return dir;

  log(
    `Generating ${dataset.name}: ${dataset.count} ${dataset.ext.toUpperCase()} files in ${path.relative(repoRoot, dir)}`,
  );
  rmSync(markerPath, { force: true });
  rmSync(dir, { recursive: true, force: true });
  for (let c = 0; c < dataset.classes; c++) mkdirSync(path.join(dir, `class_${c}`), { recursive: true });
  const started = performance.now();
  // sharp encodes on libuv's thread pool, so a few files in flight keep both cores busy.
  await promisePool(dataset.count, 8, (i) => {
    const cls = i % dataset.classes;
    const file = path.join(dir, `class_${cls}`, `${String(i).padStart(6, '0')}.${dataset.ext}`);
    return dataset.write(file, i, cls);
  });
  if (dataset.name === 'tiny') assertGreyPng(path.join(dir, 'class_0', '000000.png'));
  // Written last: an interrupted generation leaves no marker and is redone next time.
  writeFileSync(markerPath, marker);
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

async function promisePool(count, concurrency, task) {
  let next = 0;
  let done = 0;
  let lastReport = 0;
  const lane = async () => {
    while (next < count) {
      await task(next++);
      done++;
      if (performance.now() - lastReport > 1000 || done === count) {
        lastReport = performance.now();
        log(`  ${done}/${count}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** The tiny set must hold real 1-channel PNGs (colour type 0), as Fashion-MNIST exports do: check one. */
function assertGreyPng(file) {
  const colourType = readFileSync(file)[25];
  if (colourType !== 0) throw new Error(`${file} has PNG colour type ${colourType}, expected 0 (grey)`);
}

/** mulberry32: tiny, fast and the same everywhere, so a seed always gives the same image. */
function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
  };
}

/** Approximately N(0,1) values (sum of 4 uniforms), looked up by index: noise for ~10^8 pixels stays cheap. */
const GAUSS = (() => {
  const rng = createRng(12345);
  return Float32Array.from(
    { length: 4096 },
    () => (rng.next() + rng.next() + rng.next() + rng.next() - 2) * Math.sqrt(3),
  );
})();

/** Adds noise of standard deviation `sigma`, weighted per pixel when `weight` is given (object-only texture). */
function addNoise(buf, sigma, seed, weight) {
  let x = seed | 1;
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13; // xorshift32
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] += GAUSS[x & 4095] * sigma * (weight ? weight[i] : 1);
  }
}

/**
 * Paints a soft-edged, rotated ellipse or box into an interleaved float image, shaded along its own x axis
 * (as if lit from one side). Returns nothing; `coverage` (optional) accumulates where the shape landed.
 */
function paintShape(buf, w, h, ch, shape, coverage) {
  const { cx, cy, rx, ry, angle, colour, box, shade = 0, opacity = 1, soft = 1.5 } = shape;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reach = Math.hypot(rx, ry) + soft;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(w - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(h - 1, Math.ceil(cy + reach));
  const edgeScale = Math.min(rx, ry) / soft;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (dy * cos - dx * sin) / ry;
      const d = box ? Math.max(Math.abs(u), Math.abs(v)) : Math.sqrt(u * u + v * v);
      const alpha = Math.min(1, (1 - d) * edgeScale) * opacity;
      if (alpha <= 0) continue;
      const light = 1 + shade * u;
      const p = (y * w + x) * ch;
      for (let c = 0; c < ch; c++) buf[p + c] += (colour[c] * light - buf[p + c]) * alpha;
      if (coverage) coverage[y * w + x] = Math.max(coverage[y * w + x], alpha);
    }
  }
}

function toBytes(buf) {
  const out = Buffer.alloc(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(buf[i])));
  return out;
}

/** Silhouettes per class [box?, cx, cy, rx, ry] on a 28x28 canvas: classes differ, as Fashion-MNIST's do. */
const TINY_PARTS = [
  [
    [1, 14, 15, 7, 9],
    [1, 6, 9, 3, 4],
    [1, 22, 9, 3, 4],
  ], // t-shirt
  [
    [1, 11, 14, 3, 11],
    [1, 17, 14, 3, 11],
  ], // trousers
  [
    [0, 14, 14, 9, 10],
    [1, 14, 17, 8, 7],
  ], // pullover
  [[0, 14, 15, 6, 12]], // dress
  [[1, 14, 14, 8, 12]], // coat
  [
    [1, 14, 17, 11, 1.5],
    [1, 14, 21, 10, 1.5],
    [1, 10, 14, 1.5, 5],
  ], // sandal
  [
    [1, 14, 15, 8, 10],
    [0, 14, 6, 4, 2],
  ], // shirt
  [[0, 14, 18, 12, 5]], // sneaker
  [
    [1, 14, 17, 10, 8],
    [0, 14, 8, 6, 4],
  ], // bag
  [
    [1, 10, 12, 5, 9],
    [1, 16, 19, 9, 4],
  ], // ankle boot
];

/** A 28x28 grey "Fashion-MNIST-like" image: dark background, a shaded textured silhouette, some noise. */
function writeTiny(file, index, cls) {
  const rng = createRng(index * 2654435761 + 1);
  const buf = new Float32Array(28 * 28);
  const coverage = new Float32Array(28 * 28);
  const level = rng.range(70, 235);
  const scale = rng.range(0.85, 1.1);
  const tilt = rng.range(-0.15, 0.15);
  const shiftX = rng.range(-1.5, 1.5);
  const shiftY = rng.range(-1.5, 1.5);
  for (const [box, cx, cy, rx, ry] of TINY_PARTS[cls]) {
    const colour = [level * rng.range(0.8, 1.05)];
    const shape = {
      cx: 14 + (cx - 14) * scale + shiftX,
      cy: 14 + (cy - 14) * scale + shiftY,
      rx: rx * scale,
      ry: ry * scale,
    };
    paintShape(
      buf,
      28,
      28,
      1,
      { ...shape, angle: tilt, colour, box: box === 1, shade: rng.range(-0.3, 0.3), soft: 1 },
      coverage,
    );
  }
  addNoise(buf, rng.range(8, 20), rng.int(1, 2 ** 31), coverage); // fabric texture, on the object only
  return sharp(toBytes(buf), { raw: { width: 28, height: 28, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(file);
}

function randomColour(rng) {
  return [rng.range(10, 245), rng.range(10, 245), rng.range(10, 245)];
}

/** A "photo": sky/ground gradients split by a soft horizon, shaded objects, sensor noise; JPEG q90. */
function writePhoto(file, index) {
  const rng = createRng(index * 2246822519 + 7);
  return renderPhoto(rng, rng.int(256, 640), rng.int(256, 480)).jpeg({ quality: 90 }).toFile(file);
}

/**
 * A 12-megapixel camera photo (4000x3000): a photo's scene rendered at 1000x750 and scaled up; JPEG q90. For the
 * memory of large images (`--large`), not for speed: smoother than a real photo, so it decodes faster than one.
 */
function writeLargePhoto(file, index) {
  const rng = createRng(index * 3266489917 + 11);
  return renderPhoto(rng, 1000, 750)
    .resize(4000, 3000, { kernel: 'lanczos3' })
    .jpeg({ quality: 90 })
    .toFile(file);
}

/** The scene of a photo, w x h, as an unencoded sharp image. */
function renderPhoto(rng, w, h) {
  const buf = new Float32Array(w * h * 3);
  const [skyTop, skyLow, ground] = [randomColour(rng), randomColour(rng), randomColour(rng)];
  const horizon = h * rng.range(0.35, 0.75);
  const slope = rng.range(-0.2, 0.2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = y / h;
      const g = Math.min(1, Math.max(0, (y - horizon - slope * (x - w / 2)) / 6 + 0.5));
      const p = (y * w + x) * 3;
      for (let c = 0; c < 3; c++)
        buf[p + c] = (skyTop[c] * (1 - t) + skyLow[c] * t) * (1 - g) + ground[c] * (0.7 + 0.3 * t) * g;
    }
  }
  const shapes = rng.int(3, 9);
  for (let s = 0; s < shapes; s++) {
    const r = Math.min(w, h) * rng.range(0.05, 0.3);
    paintShape(buf, w, h, 3, {
      cx: rng.range(0, w),
      cy: rng.range(0, h),
      rx: r * rng.range(0.5, 1.5),
      ry: r * rng.range(0.5, 1.5),
      angle: rng.range(0, Math.PI),
      colour: randomColour(rng),
      box: rng.next() < 0.4,
      shade: rng.range(-0.4, 0.4),
      opacity: rng.range(0.6, 1),
      soft: rng.range(1, 6),
    });
  }
  addNoise(buf, rng.range(2, 7), rng.int(1, 2 ** 31));
  return sharp(toBytes(buf), { raw: { width: w, height: h, channels: 3 } });
}

// ---------------------------------------------------------------------------------------------------------
// Measurement: wall time from spawn to exit, peak memory of the whole process tree sampled from /proc.
// ---------------------------------------------------------------------------------------------------------

function toolsFor(dir, cli, withPeer) {
  const ours = [cliPath, 'analyze', dir, '--json'];
  const tools = [
    {
      tool: 'dataset-lens',
      ours: true,
      cmd: process.execPath,
      args: cli.cache ? [...ours, '--no-cache'] : ours,
    },
  ];
  if (cli.cache) {
    // What a user's first run costs: the cache is on by default, so that run also writes it.
    tools.push({
      tool: 'dataset-lens first run',
      ours: true,
      freshCacheDir: firstRunCacheDir,
      cmd: process.execPath,
      args: [...ours, '--cache-dir', firstRunCacheDir],
    });
    const warm = [...ours, '--cache-dir', cacheDir];
    tools.push({
      tool: 'dataset-lens warm cache',
      ours: true,
      warmUp: true,
      cmd: process.execPath,
      args: warm,
    });
  }
  if (withPeer) {
    const peer = [peerPath, dir, '--impl', 'cv2', '--procs', '2'];
    tools.push({ tool: 'peer cv2 x2', cmd: PYTHON, args: peer });
    tools.push({ tool: 'peer cv2 x2 +quality', cmd: PYTHON, args: [...peer, '--quality'] });
  }
  return tools;
}

async function benchDataset(dataset, dir, toolList) {
  const tools = toolList.map((t) => ({ ...t, runs: [] }));
  warmPageCache(dir);
  for (const t of tools.filter((x) => x.warmUp)) {
    rmSync(cacheDir, { recursive: true, force: true });
    log(`${dataset.name} ${t.tool}: untimed run to fill the cache`);
    await runChecked(t, dir);
  }
  // Reps interleave the tools, so drift (thermal, page cache, neighbours) hits all of them alike.
  for (let rep = 1; rep <= args.reps; rep++) {
    for (const t of tools) {
      // The machine is shared: a run that another job slowed down is repeated (a few times at most), and the
      // least disturbed attempt is kept.
      const attempts = [];
      while (attempts.length <= RETRIES_WHEN_BUSY) {
        if (t.freshCacheDir) rmSync(t.freshCacheDir, { recursive: true, force: true });
        const run = await runChecked(t, dir);
        attempts.push(run);
        log(
          `${dataset.name} rep ${rep}/${args.reps} ${t.tool}: ${(run.wallMs / 1000).toFixed(2)} s, ` +
            `${mb(run.peakRssKb).toFixed(0)} MB RSS, other load ${otherLoadOf(run).toFixed(2)} cores`,
        );
        if (otherLoadOf(run) <= BUSY_LOAD) break;
        if (attempts.length <= RETRIES_WHEN_BUSY) log('  (repeating: other processes were busy)');
      }
      const best = attempts.reduce((a, b) => (otherLoadOf(b) < otherLoadOf(a) ? b : a));
      t.runs.push({ ...best, retries: attempts.length - 1 });
    }
  }
  return {
    dataset,
    dir,
    tools: tools.map(summarise),
    check: tools.some((t) => !t.ours) ? checkAgreement(dataset, tools) : null,
  };
}

/**
 * Reads every file once, untimed. This VM runs DAMON "pageout", which evicts page cache idle for about a minute:
 * without this, whichever tool runs first would pay for cold reads from disk (~10x slower per small file).
 */
function warmPageCache(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) readFileSync(path.join(entry.parentPath ?? entry.path, entry.name));
  }
}

/** One measured run that must succeed; its JSON report is parsed. */
async function runChecked(t, dir) {
  const run = await measure(t.cmd, t.args);
  if (run.timedOut) throw new Error(`${t.tool} did not finish within ${args.timeout} s on ${dir} (killed)`);
  if (run.code !== 0)
    throw new Error(`${t.tool} failed (exit ${run.code}) on ${dir}:\n${run.stderr.slice(-2000)}`);
  return { ...run, report: JSON.parse(run.stdout) };
}

function otherLoadOf(run) {
  return run.backgroundCpuS / (run.wallMs / 1000);
}

function summarise(t) {
  const images = t.runs[0].report.images;
  const wallMs = median(t.runs.map((r) => r.wallMs));
  // What the tool itself reports: ours includes the scan, the peer's excludes Python start-up and its listing.
  const selfMs = median(t.runs.map((r) => (t.ours ? r.report.durationMs : r.report.seconds * 1000)));
  return {
    tool: t.tool,
    ours: !!t.ours,
    command: [t.cmd, ...t.args].join(' '),
    images,
    wallMsRuns: t.runs.map((r) => Math.round(r.wallMs)),
    wallMs,
    selfMs,
    imagesPerS: images / (wallMs / 1000),
    cpuS: median(t.runs.map((r) => r.toolCpuS)),
    peakRssMb: Math.max(...t.runs.map((r) => mb(r.peakRssKb))),
    peakPssMb: Math.max(...t.runs.map((r) => mb(r.peakPssKb))),
    processes: Math.max(...t.runs.map((r) => r.processes)),
    // CPU this script spent sampling, as a share of one core over the run (worst run).
    monitorShare: Math.max(...t.runs.map((r) => r.monitorCpuMs / r.wallMs)),
    // Cores kept busy by other processes meanwhile: ~0 on a quiet machine.
    otherLoadRuns: t.runs.map((r) => round2(otherLoadOf(r))),
    otherLoad: median(t.runs.map(otherLoadOf)),
    retries: sum(t.runs.map((r) => r.retries)),
  };
}

/**
 * Spawns a command, times it to exit and samples the memory of its process tree every SAMPLE_EVERY_MS.
 * When GNU time is there it wraps the command: the rusage it reports includes every descendant the tool waited
 * for (its workers), and CPU seconds are far less sensitive than wall time to other jobs on a shared machine.
 */
function measure(cmd, argv) {
  const cpuFile = path.join(os.tmpdir(), `dataset-lens-bench-${process.pid}.cpu`);
  const wrapped = existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...argv]]
    : [cmd, argv];
  rmSync(cpuFile, { force: true });
  return new Promise((resolve, reject) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // Own process group, so a hung or interrupted run can be stopped with all its workers.
    const child = spawn(...wrapped, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child.pid);
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, args.timeout * 1000);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const sampler = treeSampler(child.pid, wrapped[0] === GNU_TIME);
    sampler.sample();
    const timer = setInterval(sampler.sample, SAMPLE_EVERY_MS);
    let wallMs = 0;
    child.on('error', (error) => {
      clearInterval(timer);
      clearTimeout(deadline);
      reject(error);
    });
    child.on('exit', () => {
      wallMs = performance.now() - started;
      clearInterval(timer);
      clearTimeout(deadline);
      running.delete(child.pid);
    });
    // 'close' comes after 'exit' once stdout is drained.
    child.on('close', (code) => {
      // This process only waits and samples, so its CPU time is what the sampling took from the tool.
      const cpu = process.cpuUsage(cpuBefore);
      resolve({
        code,
        timedOut,
        wallMs,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...sampler.peak,
        backgroundCpuS: sampler.backgroundCpuS(),
        monitorCpuMs: (cpu.user + cpu.system) / 1000,
        toolCpuS: toolCpuSeconds(cpuFile),
      });
    });
  });
}

/** User + system seconds written by GNU time (its last line: earlier ones may be the tool's exit status). */
function toolCpuSeconds(cpuFile) {
  const last = readOrEmpty(cpuFile).trim().split('\n').pop() ?? '';
  rmSync(cpuFile, { force: true });
  const [user, system] = last.split(' ').map(Number);
  return Number.isFinite(user) && Number.isFinite(system) ? user + system : NaN;
}

/** Process groups of the runs in progress, stopped if the bench itself is interrupted. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Peak memory of `rootPid` and all its descendants, in kB. VmRSS counts pages shared between processes
 * (forked Python workers share most of theirs) once per process; Pss splits them fairly, so the sum of Pss is
 * the better "what does this cost" figure. Both are reported.
 *
 * Listing /proc costs ~2 ms of CPU here (about 70 processes, slow syscalls in this VM) and smaps_rollup walks
 * page tables (~5 ms for the CLI's 3 processes): done on every tick, that took ~20% of a core and slowed the
 * measured tools by 10-15%. Trees only change at start-up, so descendants are re-listed on every tick at first,
 * then every RESCAN_EVERY ticks; Pss is read every PSS_EVERY ticks (or on a new RSS high); VmRSS of the known
 * processes on every tick.
 */
function treeSampler(rootPid, rootIsWrapper) {
  const peak = { peakRssKb: 0, peakPssKb: 0, processes: 0 };
  const background = backgroundCpu(rootPid);
  let pids = [rootPid];
  let ticks = 0;
  let rssAtLastPss = 0;
  const sample = () => {
    const tick = ticks++;
    // Every tick at first, while the tool starts and forks its workers; then every RESCAN_EVERY ticks.
    if (tick < RESCAN_EVERY || tick % RESCAN_EVERY === 0) {
      const procs = listProcesses();
      // GNU time itself (~1 MB) is neither counted nor measured.
      pids = descendantsOf(rootPid, procs).slice(rootIsWrapper ? 1 : 0);
      background.update(procs, pids);
    }
    const rss = pids
      .map((pid) => kbField(`/proc/${pid}/status`, /VmRSS:\s+(\d+)/))
      .filter((kb) => kb !== undefined);
    const rssKb = sum(rss);
    peak.peakRssKb = Math.max(peak.peakRssKb, rssKb);
    peak.processes = Math.max(peak.processes, rss.length);
    // Also on a fresh 10% RSS high, so short runs (< PSS_EVERY ticks) still get a meaningful Pss peak.
    if (tick % PSS_EVERY === 0 || rssKb > 1.1 * rssAtLastPss) {
      rssAtLastPss = rssKb;
      const pss = pids.map((pid) => kbField(`/proc/${pid}/smaps_rollup`, /Pss:\s+(\d+)/) ?? 0);
      peak.peakPssKb = Math.max(peak.peakPssKb, sum(pss));
    }
  };
  return { peak, sample, backgroundCpuS: () => background.seconds() };
}

/**
 * CPU time used during a run by processes outside the measured tree (and outside this script): on a shared
 * 2-core machine another job can halve a tool's speed, and this says when that happened. Processes that live
 * less than one rescan are missed, so it is a lower bound.
 */
function backgroundCpu(rootPid) {
  const used = new Map(); // pid -> [ticks when first seen (0 if born during the run), ticks last seen]
  let first = true;
  return {
    update(procs, tree) {
      const skip = new Set([...tree, process.pid, rootPid]);
      for (const [pid, { ticks }] of procs) {
        if (skip.has(pid)) continue;
        const entry = used.get(pid) ?? [first ? ticks : 0, ticks];
        entry[1] = ticks;
        used.set(pid, entry);
      }
      first = false;
    },
    seconds: () => sum([...used.values()].map(([from, to]) => to - from)) / CLOCK_TICKS_PER_S,
  };
}

/** Every process: pid -> { ppid, ticks (user + system CPU, in clock ticks) }, from /proc/<pid>/stat. */
function listProcesses() {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readOrEmpty(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name may contain spaces or ')': only fields after the last ')' are safe to split.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    procs.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return procs;
}

/** `rootPid` and every process below it. */
function descendantsOf(rootPid, procs) {
  const children = new Map();
  for (const [pid, { ppid }] of procs) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop();
    out.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** A "Name:   123 kB" field of a /proc file; undefined once the process has gone (or is a zombie). */
function kbField(file, pattern) {
  const match = pattern.exec(readOrEmpty(file));
  return match ? Number(match[1]) : undefined;
}

/** Processes come and go while we read /proc: a vanished file just means "not there any more". */
function readOrEmpty(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Correctness: our statistics against the peer's (OpenCV), on the same files in the same run.
// ---------------------------------------------------------------------------------------------------------

function checkAgreement(dataset, tools) {
  // Every run of ours (the cached ones too) against every run of the peer's: a cache or nondeterminism bug shows.
  const oursRuns = tools.filter((t) => t.ours).flatMap((t) => t.runs.map((r) => r.report));
  const peerRuns = tools.filter((t) => !t.ours).flatMap((t) => t.runs.map((r) => r.report));
  const diffs = oursRuns.flatMap((ours) => peerRuns.map((peer) => compareStats(ours, peer)));
  const worst = {
    imagesOurs: oursRuns[0].images,
    imagesPeer: peerRuns[0].images,
    imagesEqual: diffs.every((d) => d.imagesEqual),
    channelsEqual: diffs.every((d) => d.channelsEqual),
    maxMeanDiff: Math.max(...diffs.map((d) => d.maxMeanDiff)),
    maxStdDiff: Math.max(...diffs.map((d) => d.maxStdDiff)),
    histogramBinsDiffering: Math.max(...diffs.map((d) => d.binsDiffering)),
    histogramMaxBinDiff: Math.max(...diffs.map((d) => d.maxBinDiff)),
    histogramL1Fraction: Math.max(...diffs.map((d) => d.l1Fraction)),
  };
  const exact =
    worst.imagesEqual &&
    worst.channelsEqual &&
    worst.maxMeanDiff <= EXACT_TOLERANCE &&
    worst.maxStdDiff <= EXACT_TOLERANCE &&
    worst.histogramBinsDiffering === 0;
  // Lossy data: decoders may legitimately differ by a grey level on some pixels, so only lossless must be exact.
  const pass = dataset.lossless ? exact : worst.imagesEqual && worst.channelsEqual;
  return { ...worst, exact, pass, criterion: dataset.lossless ? 'exact' : 'report only (decoders differ)' };
}

function compareStats(ours, peer) {
  const a = ours.stats;
  const channelsEqual = !!a && a.histogram.length === peer.histogram.length;
  if (!channelsEqual)
    return {
      imagesEqual: ours.images === peer.images,
      channelsEqual,
      maxMeanDiff: Infinity,
      maxStdDiff: Infinity,
    };
  let binsDiffering = 0;
  let maxBinDiff = 0;
  let l1 = 0;
  let total = 0;
  a.histogram.forEach((row, c) =>
    row.forEach((count, v) => {
      const d = Math.abs(count - peer.histogram[c][v]);
      if (d) binsDiffering++;
      maxBinDiff = Math.max(maxBinDiff, d);
      l1 += d;
      total += count;
    }),
  );
  return {
    imagesEqual: ours.images === peer.images,
    channelsEqual,
    maxMeanDiff: maxAbsDiff(a.mean, peer.mean),
    maxStdDiff: maxAbsDiff(a.std, peer.std),
    binsDiffering,
    maxBinDiff,
    l1Fraction: total ? l1 / total : 0,
  };
}

function maxAbsDiff(xs, ys) {
  return Math.max(...xs.map((x, i) => Math.abs(x - ys[i])));
}

// ---------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------

function printTable(results) {
  const head = [
    'dataset',
    'tool',
    'images',
    'images/s',
    'wall s',
    'in-tool s',
    'CPU s',
    'CPU µs/img',
    'peak RSS MB',
    'peak PSS MB',
    'procs',
    'other load',
    'ours/peer',
  ];
  const rows = [];
  for (const { dataset, tools } of results) {
    const ours = tools[0];
    for (const t of tools) {
      // Peer rows: our cold run (tools[0]) against that peer. Our warm-cache row is compared in printChecks.
      const ratio = t.ours ? '-' : `${(ours.imagesPerS / t.imagesPerS).toFixed(2)}x`;
      rows.push([
        dataset.name,
        t.tool,
        String(t.images),
        fmt(t.imagesPerS, 0),
        fmt(t.wallMs / 1000, 2),
        fmt(t.selfMs / 1000, 2),
        fmt(t.cpuS, 2),
        fmt((t.cpuS * 1e6) / t.images, 0),
        fmt(t.peakRssMb, 0),
        fmt(t.peakPssMb, 0),
        String(t.processes),
        fmt(t.otherLoad, 2),
        ratio,
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const pssEvery = SAMPLE_EVERY_MS * PSS_EVERY;
  const notes = [
    `Median of ${args.reps} runs; ${os.availableParallelism()} cores, Node ${process.version}, sharp ${sharp.versions.sharp}.`,
    'wall s: spawn to exit, including start-up (Node + bundle + sharp; Python + numpy + cv2).',
    "in-tool s: the tool's own timer (ours includes the folder scan; the peer's excludes start-up and listing).",
    'peak RSS/PSS MB: max over runs of the memory of the process and all its descendants. RSS counts shared',
    `pages once per process, PSS splits them. RSS sampled every ${SAMPLE_EVERY_MS} ms, PSS every ${pssEvery} ms and on RSS highs.`,
    'CPU s: user + system of the tool and every process it waited for (GNU time), median; robust to other load.',
    'other load: cores used by processes outside the measured tree during the run (median); 0 = quiet.',
    'ours/peer: images/s of dataset-lens (no cache) over the peer; > 1 means dataset-lens is faster.',
  ];
  const monitor = Math.max(...results.flatMap((r) => r.tools.map((t) => t.monitorShare)));
  notes.push(`Sampling cost: at most ${(monitor * 100).toFixed(1)}% of one core while a tool runs.`);
  console.log(['', ...notes, ''].join('\n'));
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

function printChecks(results) {
  console.log('');
  const disturbed = results.flatMap((r) =>
    r.tools.filter((t) => t.otherLoad > BUSY_LOAD).map((t) => `${r.dataset.name}/${t.tool}`),
  );
  if (disturbed.length) {
    console.log(
      `WARNING: other processes used > ${BUSY_LOAD} core during ${disturbed.join(', ')}: those figures are unreliable.`,
    );
  }
  for (const { dataset, tools } of results) {
    const warm = tools.find((t) => t.tool.includes('warm cache'));
    const peer = tools.find((t) => t.tool === 'peer cv2 x2');
    if (warm && peer) {
      const ratio = (warm.imagesPerS / peer.imagesPerS).toFixed(2);
      console.log(
        `${dataset.name}: a re-run with a warm per-image cache is ${ratio}x the speed of peer cv2 x2.`,
      );
    }
  }
  for (const { dataset, check } of results) {
    if (!check) {
      console.log(`${dataset.name}: SKIPPED correctness check (peer unavailable)`);
      continue;
    }
    const verdict = check.pass ? 'PASS' : 'FAIL';
    const detail =
      `images ${check.imagesOurs} vs ${check.imagesPeer}, max |Δmean| ${check.maxMeanDiff.toExponential(2)}, ` +
      `max |Δstd| ${check.maxStdDiff.toExponential(2)}, histogram bins differing ${check.histogramBinsDiffering} ` +
      `(max ${check.histogramMaxBinDiff}, L1 ${(check.histogramL1Fraction * 100).toFixed(3)}% of pixels)`;
    console.log(
      `${dataset.name} (${dataset.lossless ? 'PNG, must be exact' : 'JPEG, decoders may differ'}): ${verdict} — ${detail}`,
    );
  }
}

function writeResults(results, { source, cli, peerProblem }) {
  const out = {
    date: new Date().toISOString(),
    quick: args.quick,
    reps: args.reps,
    source,
    cli,
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      node: process.version,
      sharp: sharp.versions.sharp,
    },
    peer: peerProblem ? { unavailable: peerProblem } : { path: peerPath },
    datasets: results.map(({ dataset, dir, tools, check }) => ({
      name: dataset.name,
      dir,
      files: dataset.count,
      tools,
      check,
    })),
  };
  mkdirSync(path.dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nResults written to ${path.relative(repoRoot, resultsPath)}`);
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round2(value) {
  return Math.round(value * 100) / 100;
}

function mb(kb) {
  return kb / 1024;
}

function fmt(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

// Last, so every module-level constant above is initialised before it runs.
await main();
