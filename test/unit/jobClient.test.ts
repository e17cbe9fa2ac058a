import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CancelledError } from '../../src/core/util/errors';
import { JobClient, type JobError } from '../../src/extension/jobs/jobClient';
import sharp from 'sharp';
import { writeBadContainers } from '../fixtures/badContainers';
import { writeBmp } from './helpers/bmpWriter';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';

const SAMPLE = path.resolve('media/sample');
const pipeline = { version: 1, seed: 3, transforms: [{ name: 'rotate', degrees: [90, 90], p: 1 }] };
const halfTurn = { version: 1, seed: 5, transforms: [{ name: 'rotate', degrees: [180, 180] }] };

/** Generated 0 1 6 7 9 glyphs whose 9 is the 6 turned (see probeData), written once. */
const temp = tempDir('dl-job-probe-');
let digits: Promise<string> | undefined;
function digitsDataset(): Promise<string> {
  digits ??= (async () => {
    const root = path.join(temp.dir, 'digits');
    await writeGlyphDataset(root, DIGIT_GLYPHS, 60, 3);
    return root;
  })();
  return digits;
}

describe('job process (previews, thumbnails, exports off the extension host)', () => {
  const jobs = new JobClient(path.resolve('dist'));
  after(() => {
    jobs.dispose();
    temp.cleanup();
  });

  it('lists the transform catalog from the registry', async () => {
    const catalog = await jobs.run({ type: 'catalog' });
    const rotate = catalog.find((t) => t.name === 'rotate');
    assert.ok(rotate && rotate.options.degrees.type === 'range');
  });

  it('renders a seeded preview grid as PNG data URLs, the same twice', async () => {
    const job = { type: 'preview', root: SAMPLE, pipeline, perClass: 1, variants: 2, cellSize: 64 } as const;
    const first = await jobs.run(job);
    assert.equal(first.rows.length, 4);
    const row = first.rows.find((r) => !r.error)!;
    assert.match(row.original!.src, /^data:image\/png;base64,/);
    assert.ok(row.variants.every((v) => v.caption.includes('rotate 90.0°') && v.width <= 64));
    const second = await jobs.run(job);
    assert.deepEqual(second.rows, first.rows);
    const { jobIn, built, encoded, jobCpuMs } = second.timing;
    assert.ok(jobIn <= built && built <= encoded && jobCpuMs > 0, JSON.stringify(second.timing));
  });

  it('sends only the cells an edit changed: a picture the panel holds comes back without its data URL', async () => {
    const grid = (degrees: number, held?: string[]) =>
      jobs.run({
        type: 'preview',
        root: SAMPLE,
        pipeline: { ...pipeline, transforms: [{ name: 'rotate', degrees: [degrees, degrees], p: 1 }] },
        perClass: 1,
        variants: 2,
        cellSize: 64,
        held,
      });
    const cells = (rows: Awaited<ReturnType<typeof grid>>['rows']) =>
      rows.flatMap((row) => (row.original ? [row.original, ...row.variants] : []));
    const first = cells((await grid(30)).rows);
    assert.ok(first.length >= 6 && first.every((c) => c.src.startsWith('data:image/') && c.key));
    // The key names the picture: the hash of what was encoded (pixels and box), so equal pictures, equal keys.
    const decoded = await Promise.all(
      first.map((c) =>
        sharp(Buffer.from(c.src.split(',')[1], 'base64'))
          .raw()
          .toBuffer(),
      ),
    );
    for (let i = 0; i < first.length; i++)
      for (let j = 0; j < first.length; j++)
        if (first[i].key === first[j].key) assert.ok(decoded[i].equals(decoded[j]), `${i} ${j}`);
    // An edit, the panel holding the grid on screen: the originals come back by key only, the variants whole.
    const held = first.map((c) => c.key);
    const edited = (await grid(45, held)).rows;
    for (const row of edited.filter((r) => r.original)) {
      const before = first.find((c) => c.key === row.original!.key)!;
      assert.ok(before, `${row.file}: the original's key is one the panel holds`);
      assert.equal(row.original!.src, '');
      assert.deepEqual({ ...row.original, src: before.src }, before);
      for (const variant of row.variants) {
        assert.ok(!held.includes(variant.key), `${row.file}: a variant turned further is new`);
        assert.match(variant.src, /^data:image\/png;base64,/);
      }
    }
    // Nothing held: everything sent, the same pictures under the same keys.
    assert.deepEqual(cells((await grid(30)).rows), first);
  });

  it('sends colour cells over 96 x 96 as JPEG, smaller or grey ones as PNG', async () => {
    const root = path.join(temp.dir, 'cells');
    const write = (file: string, width: number, height: number, channels: 1 | 3) =>
      sharp(Buffer.alloc(width * height * channels, 90), { raw: { width, height, channels } })
        .toColourspace(channels === 1 ? 'b-w' : 'srgb')
        .png()
        .toFile(path.join(root, file));
    for (const cls of ['big', 'small', 'grey']) mkdirSync(path.join(root, cls), { recursive: true });
    await write('big/a.png', 200, 150, 3);
    await write('small/b.png', 90, 90, 3);
    await write('grey/c.png', 200, 150, 1);
    const job = { type: 'preview', root, pipeline, perClass: 1, variants: 1, cellSize: 160 } as const;
    const types = (await jobs.run(job)).rows.map((row) => {
      const [, type, data] = /^data:image\/(\w+);base64,(.*)$/.exec(row.variants[0].src)!;
      return { cls: row.className, type, bytes: Buffer.from(data, 'base64'), width: row.variants[0].width };
    });
    assert.deepEqual(
      types.map(({ cls, type }) => [cls, type]),
      [
        ['big', 'jpeg'],
        ['grey', 'png'],
        ['small', 'png'],
      ],
    );
    for (const { type, bytes, width } of types) {
      const meta = await sharp(bytes).metadata();
      assert.equal(meta.format, type);
      assert.equal(meta.width, width);
    }
  });

  it('runs the label-safety probe with progress: a 180° turn of digits breaks 6 <-> 9', async () => {
    const phases: string[] = [];
    const report = await jobs.run(
      { type: 'probe', root: await digitsDataset(), pipeline: halfTurn },
      { onProgress: (p) => phases.at(-1) !== p.phase && phases.push(p.phase ?? '') },
    );
    assert.equal(report.mode, 'probe');
    assert.ok(report.judgeable, `clean accuracy ${report.cleanAccuracy}`);
    assert.equal(report.features?.kind, 'pixels');
    const [turn] = report.transforms;
    assert.equal(turn.verdict, 'breaks');
    assert.equal(turn.measured?.decision, 'costs');
    assert.ok(turn.pairs.some((p) => p.from === '6' && p.to === '9' && p.source === 'both'));
    assert.deepEqual(phases, ['listing', 'decoding', 'features', 'training']);
  });

  it('cancels a running probe; the process then serves the next job', async () => {
    const controller = new AbortController();
    const running = jobs.run(
      { type: 'probe', root: await digitsDataset(), pipeline: halfTurn },
      { signal: controller.signal, onProgress: (p) => p.phase === 'training' && controller.abort() },
    );
    await assert.rejects(running, CancelledError);
    const catalog = await jobs.run({ type: 'catalog' });
    assert.ok(catalog.length > 10);
  });

  it('refuses a probe of an invalid pipeline with every issue', async () => {
    const bad = { version: 1, transforms: [{ name: 'rotat' }] };
    await assert.rejects(jobs.run({ type: 'probe', root: SAMPLE, pipeline: bad }), (e: JobError) => {
      assert.match(e.issues?.[0].message ?? '', /Unknown transform "rotat"/);
      return true;
    });
  });

  it('reports every pipeline problem as issues', async () => {
    const bad = { version: 1, transforms: [{ name: 'rotat' }, { name: 'rotate', degrees: 15 }] };
    await assert.rejects(
      jobs.run({ type: 'preview', root: SAMPLE, pipeline: bad, perClass: 1, variants: 1, cellSize: 64 }),
      (e: JobError) => {
        assert.equal(e.issues?.length, 2);
        assert.match(e.issues![0].message, /Unknown transform "rotat"/);
        return true;
      },
    );
  });

  it('makes thumbnails, and says why a file cannot be decoded', async () => {
    const files = [
      {
        file: 'train/circle/circle_train_001.jpg',
        path: path.join(SAMPLE, 'train/circle/circle_train_001.jpg'),
      },
      { file: 'train/circle/broken_empty.png', path: path.join(SAMPLE, 'train/circle/broken_empty.png') },
    ];
    const [good, broken] = await jobs.run({ type: 'thumbnails', files, size: 32 });
    assert.ok(good.src && good.width! <= 32 && good.height! <= 32);
    assert.ok(!broken.src && broken.error);
  });

  it('reads thumbnails as the analysis reads files: BMPs drawn, a FIFO refused at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-thumbs-'));
    try {
      const bmp = path.join(dir, 'paint.bmp');
      writeFileSync(bmp, writeBmp({ width: 6, height: 4, bits: 24, pixels: new Array(24).fill(0x3366cc) }));
      const fifo = path.join(dir, 'fifo.png');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const files = [
        { file: 'paint.bmp', path: bmp },
        { file: 'fifo.png', path: fifo },
      ];
      const [drawn, refused] = await jobs.run({ type: 'thumbnails', files, size: 32 });
      assert.ok(drawn.src && drawn.width === 6 && drawn.height === 4, JSON.stringify(drawn));
      assert.match(refused.error ?? '', /not a regular file \(FIFO\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws and writes out container members (container#member) read from the analysed source', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-members-'));
    try {
      await writeBadContainers(dir);
      const source = path.join(dir, 'idx-short');
      const files = ['train-images-idx3-ubyte#3', 'train-images-idx3-ubyte#9'];
      const [drawn, missing] = await jobs.run({
        type: 'thumbnails',
        files: [],
        members: { source, files },
        size: 32,
      });
      assert.ok(drawn.src && drawn.width === 4 && drawn.height === 4, JSON.stringify(drawn));
      assert.equal(missing.error, 'not found in its container');
      const out = path.join(dir, 'opened');
      const written = await jobs.run({ type: 'memberFile', source, file: files[0], dir: out });
      assert.equal(path.dirname(written.path), out);
      assert.equal((await sharp(written.path).metadata()).channels, 1, 'grey stays grey');
      const pixels = await sharp(written.path).extractChannel(0).raw().toBuffer();
      // The fixture's pixel i of the file is (i * 37) & 0xff: image 3 holds pixels 48..63.
      assert.deepEqual(
        [...pixels],
        Array.from({ length: 16 }, (_, j) => ((48 + j) * 37) & 0xff),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports code with the normalization constants', async () => {
    const { code } = await jobs.run({
      type: 'exportCode',
      pipeline,
      target: 'torchvision',
      pipelineFile: 'test.json',
      facts: { normalization: { mean: [0.5], std: [0.25], source: 'test' }, imageSize: [48, 64] },
    });
    assert.match(code, /Normalize/);
    assert.match(code, /0\.25/);
    assert.match(code, /from pipeline "test\.json"/);
  });

  it('exports an augmented dataset with progress, and cancels', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dl-job-export-'));
    try {
      const progress: number[] = [];
      const summary = await jobs.run(
        {
          type: 'export',
          root: SAMPLE,
          pipeline,
          out: path.join(out, 'a'),
          copies: 1,
          balance: false,
          keepOriginals: false,
          format: 'png',
          concurrency: 2,
        },
        { onProgress: (p) => progress.push(p.done) },
      );
      assert.ok(summary.written > 290 && existsSync(summary.manifest));
      assert.ok(progress.length > 0);
      assert.ok(readdirSync(path.join(out, 'a', 'train', 'circle')).every((f) => f.endsWith('.png')));
      const controller = new AbortController();
      const running = jobs.run(
        {
          type: 'export',
          root: SAMPLE,
          pipeline,
          out: path.join(out, 'b'),
          copies: 20,
          balance: false,
          keepOriginals: false,
          format: 'png',
          concurrency: 2,
        },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(running, CancelledError);
    } finally {
      await new Promise((r) => setTimeout(r, 500)); // the cancelled export's workers stop on their own
      rmSync(out, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });

  it('a disposed client stops its process and refuses work', async () => {
    const client = new JobClient(path.resolve('dist'));
    await client.run({ type: 'catalog' });
    const pid = client.pid!;
    client.dispose();
    assert.equal(client.isRunning, false);
    await assert.rejects(client.run({ type: 'catalog' }), CancelledError);
    await new Promise((r) => setTimeout(r, 300));
    assert.throws(() => process.kill(pid, 0), 'the job process is gone');
  });
});
