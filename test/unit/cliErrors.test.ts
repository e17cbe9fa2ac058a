import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const work = tempDir('dataset-lens-cli-errors-');
after(() => work.cleanup());

const src = path.join(work.dir, 'src');
const pipelineFile = path.join(work.dir, 'pipeline.json');
const flip = { version: 1, seed: 3, transforms: [{ name: 'flipHorizontal' }] };

before(async () => {
  const rng = createRng(2);
  await writePng(path.join(src, 'cat', 'a.png'), randomImage(rng, 8, 6, 3));
  await writePng(path.join(src, 'dog', 'b.png'), randomImage(rng, 6, 8, 3));
  writeFileSync(pipelineFile, JSON.stringify(flip));
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, XDG_CACHE_HOME: path.join(work.dir, 'cache') },
  });
}

/** Exit 2 with one line on stderr, matching `pattern`, and no stack trace. */
function assertUsageError(result: ReturnType<typeof run>, pattern: RegExp) {
  assert.equal(result.error, undefined, `the run ended by itself (${result.error?.message})`);
  assert.equal(result.status, 2, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error|\bat .*:\d+:\d+/);
  assert.match(lines[0], pattern);
}

function writeJson(name: string, text: string): string {
  const file = path.join(work.dir, name);
  writeFileSync(file, text);
  return file;
}

describe('output paths', () => {
  it('augment --out naming a file', () => {
    const file = writeJson('a-file', 'x');
    assertUsageError(
      run('augment', src, '--pipeline', pipelineFile, '--out', file, '--workers', '0'),
      /--out .*a-file is a file, not a folder/,
    );
  });

  it('augment --out below a file', () => {
    const file = writeJson('b-file', 'x');
    assertUsageError(
      run('augment', src, '--pipeline', pipelineFile, '--out', path.join(file, 'sub'), '--workers', '0'),
      /--out .*b-file is a file, not a folder/,
    );
  });

  it('preview --out naming a folder', () => {
    const folder = path.join(work.dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    assertUsageError(
      run('preview', src, '--pipeline', pipelineFile, '--out', folder),
      /--out .*a-folder is a folder: give the PNG file to write/,
    );
    assert.deepEqual(
      readdirSync(work.dir).filter((f) => f.startsWith('a-folder.')),
      [],
      'no temp file',
    );
  });

  it('export-code --out below a file', () => {
    const file = writeJson('c-file', 'x');
    assertUsageError(
      run('export-code', '--pipeline', pipelineFile, '--target', 'keras', '--out', path.join(file, 'x.py')),
      /--out .*c-file is a file, not a folder/,
    );
  });
});

describe('input files', () => {
  it('a 100k-deep JSON array as pipeline', () => {
    const deep = writeJson('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    for (const command of [
      ['augment', src, '--out', path.join(work.dir, 'o-deep')],
      ['preview', src, '--out', path.join(work.dir, 'deep.png')],
      ['export-code', '--target', 'keras'],
    ]) {
      assertUsageError(run(...command, '--pipeline', deep), /deep\.json is nested deeper than 64 levels/);
    }
    const deepObject = writeJson('deep-object.json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    assertUsageError(
      run('export-code', '--target', 'keras', '--pipeline', deepObject),
      /nested deeper than 64 levels/,
    );
  });

  it('/dev/zero, a FIFO and an oversized file as pipeline or stats: refused at once', () => {
    const fifo = path.join(work.dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    assert.ok(existsSync(fifo));
    const big = writeJson('big.json', ' '.repeat(2 * 1024 * 1024) + '{}');
    for (const [flag, file, pattern] of [
      ['--pipeline', '/dev/zero', /pipeline \/dev\/zero is not a regular file/],
      ['--pipeline', fifo, /pipeline .*fifo is not a regular file/],
      ['--pipeline', big, /pipeline .*big\.json is larger than the limit of 1 MiB/],
      ['--stats', '/dev/zero', /report \/dev\/zero is not a regular file/],
      ['--stats', fifo, /report .*fifo is not a regular file/],
    ] as const) {
      const args = flag === '--stats' ? ['--pipeline', pipelineFile, '--stats', file] : ['--pipeline', file];
      assertUsageError(run('export-code', '--target', 'keras', ...args), pattern);
    }
    assertUsageError(
      run('augment', src, '--out', path.join(work.dir, 'o-zero'), '--pipeline', '/dev/zero'),
      /not a regular file/,
    );
  });
});

describe('pipelines asking for more than the pixel limit', () => {
  it('a crop of 65535 x 65535 in preview', () => {
    const crop = writeJson(
      'crop.json',
      JSON.stringify({ version: 1, transforms: [{ name: 'randomCrop', size: [65535, 65535] }] }),
    );
    assertUsageError(
      run('preview', src, '--pipeline', crop, '--out', path.join(work.dir, 'crop.png')),
      /transforms\[0\] \(randomCrop\): .*size .*65535 x 65535 = 4294836225 pixels, more than the pixel limit of 268402689/,
    );
  });

  it('an output size above --max-pixels', () => {
    const crop = writeJson(
      'crop2.json',
      JSON.stringify({ version: 1, transforms: [{ name: 'randomResizedCrop', size: [100, 100] }] }),
    );
    assertUsageError(
      run('augment', src, '--pipeline', crop, '--out', path.join(work.dir, 'o-px'), '--max-pixels', '5000'),
      /100 x 100 = 10000 pixels, more than the pixel limit of 5000/,
    );
  });
});

describe('export state and results', () => {
  it('a damaged augment-settings.json', () => {
    const out = path.join(work.dir, 'o-settings');
    assert.equal(run('augment', src, '--pipeline', pipelineFile, '--out', out, '--workers', '0').status, 0);
    const settings = path.join(out, '.dataset-lens', 'augment-settings.json');
    for (const damaged of ['{"source": "/x", "pip', 'null', '[1,2]', '['.repeat(100_000)]) {
      writeFileSync(settings, damaged);
      assertUsageError(
        run('augment', src, '--pipeline', pipelineFile, '--out', out, '--workers', '0'),
        /augment-settings\.json is damaged .*: delete .*o-settings to start over/,
      );
    }
  });

  it('augment exits 3 when outputs failed, saying how many', () => {
    const broken = path.join(work.dir, 'broken');
    mkdirSync(path.join(broken, 'cat'), { recursive: true });
    writeFileSync(path.join(broken, 'cat', 'a.png'), 'not a png');
    writeFileSync(path.join(broken, 'cat', 'b.png'), 'not a png either');
    const all = run('augment', broken, '--pipeline', pipelineFile, '--out', path.join(work.dir, 'o-broken'));
    assert.equal(all.status, 3, all.stderr);
    assert.match(
      all.stderr,
      /^dataset-lens: 2 of 2 output\(s\) failed \(2 of 2 source\(s\)\); see "failures" in .*augment-manifest\.json\n$/,
    );
    writeFileSync(path.join(broken, 'cat', 'a.png'), readFileSync(path.join(src, 'cat', 'a.png')));
    const some = run(
      'augment',
      broken,
      '--pipeline',
      pipelineFile,
      '--out',
      path.join(work.dir, 'o-some'),
      '--copies',
      '2',
      '--json',
    );
    assert.equal(some.status, 3, some.stderr);
    assert.equal(JSON.parse(some.stdout).written, 2, 'the summary is still printed');
    assert.match(some.stderr, /^dataset-lens: 2 of 4 output\(s\) failed \(1 of 2 source\(s\)\)/);
  });
});
