/**
 * The content stage alone at any number of images, without decode or CNN: `node --import tsx
 * test/bench/content/contentAtScale.ts IDX_DIR N` feeds ContentCollector N synthetic images and runs its search as
 * `analyze --content` does at the end (the same path from the first vector in to the findings out). Image i is
 * image i % B of the train and t10k idx files in IDX_DIR (Fashion-MNIST: B = 70,000), its raw pixels standing for
 * its content vector (784 values, padded to the model's 816) and enlarged to the 48 px confirmation thumbnail;
 * repeat r = floor(i / B) > 0 is rolled r pixels sideways and given seeded noise (±24), so repeats are look-alikes,
 * not copies. File names go into a NameTable as the report builder keeps them. Every 7th image is in the test
 * split; every 11th is not searchable.
 *
 * Prints phase marks (wall and CPU seconds, RSS, V8 heap and array buffers) on stderr, with a line every few
 * seconds inside the usearch and spilled-record calls, and one JSON line on stdout: the findings' counts and
 * digests (for before/after comparisons), peak RSS (VmHWM), CPU and wall seconds. Sample the process from outside
 * too (`test/bench/measure/watchTree.ts`). The idx images are unpacked to a temporary file and read an image at a
 * time, so the harness itself holds a few MB, not the 55 MB of pixels (nor the twice that of unpacking them).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { ContentCollector } from '../../../src/core/content/contentCollector';
import { CONTENT_MODEL } from '../../../src/core/content/contentModel';
import { CONFIRM_THUMB_SIZE } from '../../../src/core/content/modelInput';
import { NameTable } from '../../../src/core/util/nameTable';
import { SpilledRecords } from '../../../src/core/util/spilledRecords';

const started = Date.now();
const cpuAtStart = process.cpuUsage();

function statusMb(): Record<string, number> {
  const text = readFileSync('/proc/self/status', 'utf8');
  const out: Record<string, number> = {};
  for (const key of ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile']) {
    const match = new RegExp(`${key}:\\s+(\\d+)`).exec(text);
    out[key] = match ? Math.round(Number(match[1]) / 1024) : NaN;
  }
  return out;
}

function cpuS(): number {
  const used = process.cpuUsage(cpuAtStart);
  return (used.user + used.system) / 1e6;
}

let lastLine = 0;
/** One stderr line: where, wall and CPU seconds, RSS and its parts, V8 heap and array buffers (MB). */
function line(where: string, force: boolean): void {
  const now = Date.now();
  if (!force && now - lastLine < 3000) return;
  lastLine = now;
  const memory = process.memoryUsage();
  const fields = {
    ...statusMb(),
    heap: Math.round(memory.heapUsed / 2 ** 20),
    ab: Math.round(memory.arrayBuffers / 2 ** 20),
  };
  process.stderr.write(
    `${new Date(now).toISOString().slice(11, 19)} ${where.padEnd(10)} wall=${((now - started) / 1000).toFixed(0)}s ` +
      `cpu=${cpuS().toFixed(0)}s ${Object.entries(fields)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')}\n`,
  );
}

/** Lines from inside the calls where the search spends its time: usearch's and the spilled records' reads. */
function probeCalls(): void {
  const requireHere = createRequire(require.resolve('../../../src/core/content/approximateNearest'));
  const usearch = requireHere('usearch') as { Index: { prototype: Record<string, unknown> } };
  for (const name of ['add', 'search', 'view', 'save']) {
    const proto = usearch.Index.prototype;
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const out = original.apply(this, args);
      line(name, name === 'view' || name === 'save');
      return out;
    };
  }
  const records = SpilledRecords.prototype as unknown as Record<string, unknown>;
  const get = records.get as (...args: unknown[]) => unknown;
  records.get = function (this: { size: number }, ...args: unknown[]) {
    line(`get${this.size}`, false);
    return get.apply(this, args);
  };
}

interface IdxFile {
  fd: number;
  /** Images in the file and the side of each, from the idx header. */
  count: number;
  side: number;
}

/** The train and t10k images of an MNIST-style folder unpacked into `scratch`, and their labels. */
async function unpackIdx(dir: string, scratch: string): Promise<{ images: IdxFile[]; labels: Uint8Array }> {
  const files = readdirSync(dir);
  const find = (prefix: string) => {
    const name = files.find((f) => f.startsWith(prefix));
    if (!name) throw new Error(`${dir}: no ${prefix}* file`);
    return path.join(dir, name);
  };
  const images: IdxFile[] = [];
  for (const prefix of ['train-images', 't10k-images']) {
    const source = find(prefix);
    const raw = path.join(scratch, prefix);
    if (source.endsWith('.gz'))
      await pipeline(createReadStream(source), createGunzip(), createWriteStream(raw));
    const fd = openSync(source.endsWith('.gz') ? raw : source, 'r');
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    images.push({ fd, count: header.readUInt32BE(4), side: header.readUInt32BE(8) });
  }
  const labels = ['train-labels', 't10k-labels'].map((prefix) => {
    const file = find(prefix);
    const bytes = readFileSync(file);
    return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).subarray(8);
  });
  return { images, labels: Buffer.concat(labels) };
}

async function main(): Promise<void> {
  const [dir, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!dir || !Number.isInteger(count) || count < 1) throw new Error('usage: contentAtScale.ts IDX_DIR N');
  probeCalls();
  line('start', true);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dataset-lens-scale-'));
  const idx = await unpackIdx(dir, scratch);
  const side = idx.images[0].side;
  const area = side * side;
  const baseCount = idx.images[0].count + idx.images[1].count;
  const pixels = new Uint8Array(area);
  const read = (base: number): Uint8Array => {
    const [file, at] =
      base < idx.images[0].count ? [idx.images[0], base] : [idx.images[1], base - idx.images[0].count];
    readSync(file.fd, pixels, 0, area, 16 + at * area);
    return pixels;
  };
  const collector = new ContentCollector('pixels');
  const names = new NameTable();
  const vector = new Uint8Array(CONTENT_MODEL.dims);
  const thumb = new Uint8Array(CONFIRM_THUMB_SIZE * CONFIRM_THUMB_SIZE);
  const rolled = new Uint8Array(area);
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((seed >>> 16) % 49) - 24;
  };
  for (let i = 0; i < count; i++) {
    const base = i % baseCount;
    const repeat = Math.floor(i / baseCount);
    let image = read(base);
    if (repeat > 0) {
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const value = image[y * side + ((x + repeat) % side)] + noise();
          rolled[y * side + x] = value < 0 ? 0 : value > 255 ? 255 : value;
        }
      image = rolled;
    }
    vector.set(image.subarray(0, Math.min(area, vector.length)));
    for (let y = 0; y < CONFIRM_THUMB_SIZE; y++)
      for (let x = 0; x < CONFIRM_THUMB_SIZE; x++)
        thumb[y * CONFIRM_THUMB_SIZE + x] =
          image[
            Math.floor((y * side) / CONFIRM_THUMB_SIZE) * side + Math.floor((x * side) / CONFIRM_THUMB_SIZE)
          ];
    const label = idx.labels[base];
    names.add(`c${label}/f${String(i).padStart(7, '0')}.png`);
    collector.add(i, String(label), i % 7 === 0 ? 'test' : 'train', side, {
      model: 'pixels',
      vector,
      scale: 1 / 255,
      thumb,
    });
    if (i % 50_000 === 0) line('adding', false);
  }
  rmSync(scratch, { recursive: true, force: true });
  line('added', true);
  const findings = collector.finish(
    (i) => names.get(i),
    (i) => i % 11 !== 5,
    (a, b) => names.compare(a, b),
  );
  line('finished', true);
  const report = findings.report;
  const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 12);
  process.stdout.write(
    `${JSON.stringify({
      images: count,
      search: report.nearDuplicates?.search ?? report.skipped,
      candidatePairs: report.nearDuplicates?.candidatePairs,
      confirmedPairs: report.nearDuplicates?.confirmedPairs,
      groups: findings.nearGroups.length,
      labelAccuracy: report.labelIssues?.accuracy,
      labelIssues: findings.labelIssues.length,
      digests: {
        groups: digest(findings.nearGroups),
        outliers: digest(report.outliers),
        labels: digest([report.labelIssues, findings.labelIssues]),
        map: digest(findings.mapInput),
      },
      peakRssMb: statusMb().VmHWM,
      cpuS: Math.round(cpuS() * 10) / 10,
      wallS: Math.round((Date.now() - started) / 100) / 10,
    })}\n`,
  );
}

if (require.main === module) void main();
