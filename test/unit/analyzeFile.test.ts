import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { analyzeBatch } from '../../src/core/engine/analyzeFile';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

/** A small PNG (decoded without sharp), a JPEG too big for the shared small-file buffer, a corrupt file. */
async function files(): Promise<string[]> {
  const rng = createRng(5);
  const png = path.join(tmp.dir, 'small.png');
  await writePng(png, randomImage(rng, 9, 7, 3));
  const jpeg = path.join(tmp.dir, 'big.jpg');
  const noise = Buffer.from(Array.from({ length: 400 * 300 * 3 }, () => rng.int(0, 255)));
  await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } })
    .jpeg({ quality: 95 })
    .toFile(jpeg);
  const corrupt = path.join(tmp.dir, 'corrupt.png');
  // The PNG's signature and header chunk, then garbage.
  writeFileSync(corrupt, Buffer.concat([readFileSync(png).subarray(0, 33), Buffer.alloc(40, 7)]));
  // Distinct mtimes, one before 1970 (a negative mtimeMs), with fractions of a millisecond.
  utimesSync(png, new Date(0), new Date(-86_400_000));
  utimesSync(jpeg, new Date(0), 1_764_000_000.123456);
  utimesSync(corrupt, new Date(0), 1_600_000_000.5);
  return [png, jpeg, corrupt];
}

test('files the scan did not stat are stamped by the descriptor they were read from: size and mtime as stat gives them', async () => {
  const paths = await files();
  assert.ok(statSync(paths[1]).size > 65_536, 'the JPEG is read whole, beyond the shared buffer');
  const unsized = paths.map((open) => ({ file: path.basename(open), open, size: -1 }));
  const stamped = await analyzeBatch(unsized, { stampUnsized: true });
  assert.deepEqual(
    stamped.map((r) => [r.ok, r.bytes, r.mtimeMs]),
    paths.map((p, k) => [k < 2, statSync(p).size, statSync(p).mtimeMs]),
  );
  assert.ok(stamped[0].mtimeMs! < 0);

  // Without the option only the size comes back; a file the scan stat'ed gets neither.
  const plain = await analyzeBatch(unsized, {});
  assert.deepEqual(
    plain.map((r) => [r.bytes, r.mtimeMs]),
    paths.map((p) => [statSync(p).size, undefined]),
  );
  const sized = paths.map((open) => ({ file: path.basename(open), open, size: statSync(open).size }));
  const known = await analyzeBatch(sized, { stampUnsized: true });
  assert.deepEqual(
    known.map((r) => [r.bytes, r.mtimeMs]),
    paths.map(() => [undefined, undefined]),
  );
});

test('a file that cannot be opened is not stamped: it is unreadable, and never cached', async () => {
  const gone = path.join(tmp.dir, 'gone.png');
  const [result] = await analyzeBatch([{ file: 'gone.png', open: gone, size: -1 }], { stampUnsized: true });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.kind, 'unreadable');
  assert.equal(result.mtimeMs, undefined);
});
