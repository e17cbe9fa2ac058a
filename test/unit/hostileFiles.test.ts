import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeFileSync,
  writeSync,
  ftruncateSync,
} from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { DatasetReport } from '../../src/core/engine/report';
import type { FileResult } from '../../src/core/records/fileResult';
import { planScan } from '../../src/core/scan/scanDataset';
import { emptyCounters } from '../../src/core/scan/walk';
import { tempDir } from './helpers/images';

/** Files that block a plain open, make a read endless or are not what their name says. Linux (mkfifo, /dev). */
const tmp = tempDir();
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const oneFile = path.join(__dirname, 'helpers', 'analyzeOneFile.ts');
let png: Buffer;
// Long paths cannot be removed by fs.rmSync (it works on whole paths): rm walks them relative to each folder.
after(() => {
  spawnSync('rm', ['-rf', tmp.dir]);
  tmp.cleanup();
});
before(async () => {
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
});

const TIMEOUT_MS = 60_000;

function analyzeCli(dir: string, ...flags: string[]): DatasetReport {
  const run = spawnSync(process.execPath, [cli, 'analyze', dir, '--json', '--workers', '1', ...flags], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, XDG_CACHE_HOME: path.join(tmp.dir, 'cache') },
  });
  assert.equal(run.signal, null, `the run did not end within ${TIMEOUT_MS} ms (${run.signal})`);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as DatasetReport;
}

function analyzeOne(
  file: string,
  size: number,
  maxPixels?: number,
): { result: FileResult; maxRssKb: number } {
  const args = ['--import', 'tsx', oneFile, file, String(size), ...(maxPixels ? [String(maxPixels)] : [])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: TIMEOUT_MS });
  assert.equal(run.signal, null, `reading ${file} did not end within ${TIMEOUT_MS} ms`);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

function issueOf(report: DatasetReport, file: string) {
  return report.issues.find((i) => i.file === file && i.kind !== 'exact_duplicate');
}

test('a FIFO named like an image is an issue, with or without the cache, and never blocks the run', () => {
  const dir = path.join(tmp.dir, 'fifo');
  mkdirSync(path.join(dir, 'cls'), { recursive: true });
  writeFileSync(path.join(dir, 'cls', 'good.png'), png);
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'cls', 'fifo.png')]).status, 0);
  for (const flags of [['--no-cache'], []]) {
    const report = analyzeCli(dir, ...flags);
    assert.equal(report.images, 1, flags.join(' '));
    const issue = issueOf(report, 'cls/fifo.png');
    assert.equal(issue?.kind, 'unreadable', flags.join(' '));
    assert.match(issue!.message, /not a regular file \(FIFO\)/);
  }
});

test('a FIFO or a device where the scan saw a file is refused when it is read (no block, no endless read)', () => {
  const fifo = path.join(tmp.dir, 'late.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const fromFifo = analyzeOne(fifo, 1234).result;
  assert.equal(fromFifo.ok, false);
  assert.match(fromFifo.ok ? '' : fromFifo.message, /not a regular file \(FIFO\)/);
  const zero = analyzeOne('/dev/zero', 50_000).result;
  assert.equal(zero.ok, false);
  assert.match(zero.ok ? '' : zero.message, /not a regular file \(character device\)/);
});

test('a link to /dev/zero is not followed; followed on request, it is refused, not read without end', () => {
  const dir = path.join(tmp.dir, 'zero');
  mkdirSync(path.join(dir, 'cls'), { recursive: true });
  writeFileSync(path.join(dir, 'cls', 'good.png'), png);
  symlinkSync('/dev/zero', path.join(dir, 'cls', 'zero.png'));
  assert.equal(analyzeCli(dir, '--no-cache').skipped.outsideRoot, 1);
  const followed = analyzeCli(dir, '--no-cache', '--follow-external-links');
  assert.match(issueOf(followed, 'cls/zero.png')?.message ?? '', /not a regular file \(character device\)/);
});

test('a sparse 1.5 GB file is refused from its first bytes, not read into memory', () => {
  const sparse = (name: string, head: Buffer) => {
    const file = path.join(tmp.dir, name);
    const fd = openSync(file, 'w');
    writeSync(fd, head);
    ftruncateSync(fd, 1.5 * 1024 ** 3);
    closeSync(fd);
    return file;
  };
  const damaged = Buffer.from(png.subarray(0, 33));
  damaged[20] ^= 0xff; // the height, under the IHDR CRC
  const cases: [string, Buffer, string, RegExp][] = [
    ['bad-header.png', damaged, 'corrupt', /IHDR/],
    ['zeros.png', Buffer.alloc(16), 'unsupported', /no supported image format/],
    ['tiny-png.png', png.subarray(0, 33), 'too_large', /more than it can take|not read/],
  ];
  for (const [name, head, kind, message] of cases) {
    const { result, maxRssKb } = analyzeOne(sparse(name, head), 1.5 * 1024 ** 3);
    assert.equal(result.ok ? 'ok' : result.kind, kind, name);
    assert.match(result.ok ? '' : result.message, message, name);
    assert.ok(maxRssKb < 512 * 1024, `${name}: peak memory ${Math.round(maxRssKb / 1024)} MB`);
  }
  // A file larger than any image within --max-pixels is refused by its size alone.
  const big = analyzeOne(sparse('big.png', png), 1.5 * 1024 ** 3, 1_000_000).result;
  assert.equal(big.ok ? 'ok' : big.kind, 'too_large');
});

test('SVG content named .png is not an image of the dataset', async () => {
  const svg =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
  const file = path.join(tmp.dir, 'vector.png');
  writeFileSync(file, svg);
  const { result } = analyzeOne(file, svg.length);
  assert.equal(result.ok ? 'ok' : result.kind, 'unsupported');
  assert.match(result.ok ? '' : result.message, /SVG/);
});

test('a folder deeper than PATH_MAX is reported (ENAMETOOLONG), not dropped', async () => {
  const root = path.join(tmp.dir, 'deep');
  mkdirSync(path.join(root, 'cls'), { recursive: true });
  writeFileSync(path.join(root, 'cls', 'good.png'), png);
  const level = 'L'.repeat(250);
  // Made relative to each folder in turn: no single path the system would refuse.
  const made = spawnSync('bash', [
    '-c',
    `cd "$1/cls" && for i in $(seq 18); do mkdir ${level} && cd ${level}; done && cp "$2" deep.png`,
    'bash',
    root,
    path.join(root, 'cls', 'good.png'),
  ]);
  assert.equal(made.status, 0, String(made.stderr));
  const plan = await planScan(root);
  const counters = emptyCounters();
  const files: string[] = [];
  for await (const entry of plan.entries(counters)) files.push(entry.file);
  assert.deepEqual(files, ['cls/good.png']);
  assert.equal(counters.unlistable.length, 1);
  assert.match(counters.unlistable[0].message, /ENAMETOOLONG.*PATH_MAX/);
  assert.ok(counters.unlistable[0].file.startsWith(`cls/${level}/`));
});
