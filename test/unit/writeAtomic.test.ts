import assert from 'node:assert/strict';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomicAsync, writeFileAtomicSync } from '../../src/core/util/writeAtomic';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

/** Reads what an fd opened before the write still sees: the old file if it was replaced, the new text if not. */
function readOpen(fd: number): string {
  const buffer = Buffer.alloc(64);
  return buffer.subarray(0, readSync(fd, buffer, 0, 64, 0)).toString();
}

for (const [name, write] of [
  ['sync', async (file: string, text: string) => writeFileAtomicSync(file, text)],
  ['async', writeFileAtomicAsync],
] as const) {
  test(`${name}: replaces the file by rename, so a reader holding the old one never sees a partial file`, async () => {
    const file = path.join(tmp.dir, name, 'stats.json');
    await write(file, 'old contents');
    const reader = openSync(file, 'r');
    try {
      await write(file, '{"new":1}');
      // Written in place (truncate, then write), the open fd would read the new text or a torn mix of both.
      assert.equal(readOpen(reader), 'old contents');
      assert.equal(readFileSync(file, 'utf8'), '{"new":1}');
    } finally {
      closeSync(reader);
    }
    assert.deepEqual(readdirSync(path.dirname(file)), ['stats.json'], 'no temporary file is left behind');
  });

  test(`${name}: keeps the mode of the file it replaces and creates missing folders`, async () => {
    const file = path.join(tmp.dir, `${name}-mode`, 'deep', 'augment.pipeline.json');
    await write(file, '{}');
    chmodSync(file, 0o640);
    await write(file, '{"transforms":[]}');
    assert.equal(statSync(file).mode & 0o777, 0o640);
  });

  test(`${name}: a failed write throws and leaves neither a temporary nor a changed file`, async () => {
    const folder = path.join(tmp.dir, `${name}-fail`);
    await write(path.join(folder, 'out.json'), 'kept');
    // The temporary file is written, then the rename over a non-empty folder fails.
    const taken = path.join(folder, 'taken.json');
    mkdirSync(taken);
    writeFileSync(path.join(taken, 'inside'), '');
    await assert.rejects(async () => write(taken, 'never'), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.deepEqual(readdirSync(folder).sort(), ['out.json', 'taken.json']);
    assert.equal(readFileSync(path.join(folder, 'out.json'), 'utf8'), 'kept');
  });
}
