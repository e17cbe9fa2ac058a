// Scale check (issue: reliability): analyses a generated folder of 1,000,000 tiny PNGs and reports peak RSS of
// the whole process tree and the most file descriptors any of its processes held. Not part of `npm test`.
//   node scripts/bench-scale.mjs [--files N] [--out bench-data/scale]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const files = Number(flag('--files', '1000000'));
const root = path.resolve(flag('--out', `bench-data/scale2-${files}`));
const PER_DIR = 1000;

/** Distinct 28x28 grey PNGs (two seeded blobs of random size and brightness, plus noise), 1000 per folder. */
function generate() {
  const marker = path.join(root, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(files)) return;
  let seed = 1;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  const png = new PNG({
    width: 28,
    height: 28,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  for (let i = 0; i < files; i++) {
    const dir = path.join(
      root,
      `class_${String(Math.floor(i / PER_DIR) % 10)}`,
      `part_${Math.floor(i / (PER_DIR * 10))}`,
    );
    if (i % PER_DIR === 0) mkdirSync(dir, { recursive: true });
    const blobs = [0, 1].map(() => ({
      x: rand() % 28,
      y: rand() % 28,
      r2: 4 + (rand() % 60),
      v: 60 + (rand() % 180),
    }));
    for (let p = 0; p < 784; p++) {
      let value = 10 + (rand() & 31);
      for (const b of blobs) {
        if (((p % 28) - b.x) ** 2 + (Math.floor(p / 28) - b.y) ** 2 < b.r2) value = Math.max(value, b.v);
      }
      png.data[p] = value;
    }
    writeFileSync(
      path.join(dir, `${i}.png`),
      PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }),
    );
    if (i % 50000 === 0) process.stderr.write(`generating ${i}/${files}\n`);
  }
  writeFileSync(marker, String(files));
}

/** Sum of RSS and max open fds over a process and its descendants, read from /proc. */
function sampleTree(rootPid, withPss) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // process ended while we looked
    }
  }
  let rssKb = 0;
  let pssKb = 0;
  let mainKb = 0;
  let workerKb = 0;
  let maxFds = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rssKb += kb;
      // Pss shares pages used by several processes among them (the node binary: ~37 MB in each).
      if (withPss)
        pssKb += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      if (pid === rootPid) mainKb = kb;
      else workerKb = Math.max(workerKb, kb);
      const fds = readdirSync(`/proc/${pid}/fd`).filter((fd) => {
        try {
          return !readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('anon_inode');
        } catch {
          return false;
        }
      }).length;
      maxFds = Math.max(maxFds, fds);
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { rssKb, pssKb, mainKb, workerKb, maxFds };
}

generate();
const started = Date.now();
const child = spawn(process.execPath, ['dist/cli.js', 'analyze', root, '--json', '--no-cache'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let peakRssKb = 0;
let peakMainKb = 0;
let peakWorkerKb = 0;
let peakFds = 0;
let peakPssKb = 0;
let tick = 0;
const timer = setInterval(() => {
  const s = sampleTree(child.pid, tick++ % 5 === 0);
  peakPssKb = Math.max(peakPssKb, s.pssKb);
  peakRssKb = Math.max(peakRssKb, s.rssKb);
  peakMainKb = Math.max(peakMainKb, s.mainKb);
  peakWorkerKb = Math.max(peakWorkerKb, s.workerKb);
  peakFds = Math.max(peakFds, s.maxFds);
}, 200);
let bytes = 0;
child.stdout.on('data', (chunk) => (bytes += chunk.length));
child.on('exit', (code) => {
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  const result = {
    files,
    exitCode: code,
    seconds,
    imagesPerS: Math.round(files / seconds),
    peakRssMb: Math.round(peakRssKb / 1024),
    peakPssMb: Math.round(peakPssKb / 1024),
    peakMainRssMb: Math.round(peakMainKb / 1024),
    peakWorkerRssMb: Math.round(peakWorkerKb / 1024),
    peakFdsPerProcess: peakFds,
    reportBytes: bytes,
  };
  console.log(JSON.stringify(result));
  mkdirSync('bench-data', { recursive: true });
  writeFileSync(`bench-data/scale-result-${files}.json`, JSON.stringify(result, null, 2));
});
