import assert from 'node:assert/strict';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { StatThread } from '../../src/core/scan/statThread';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

test('the stat thread gives the sizes and mtimes statSync gives, in order; a missing file is an error of its own', async () => {
  const files = ['a.png', 'b.png', 'c.png'].map((name, i) => {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, Buffer.alloc(100 * (i + 1), i));
    // Fractional milliseconds: the mtime must come through exactly, not rounded.
    utimesSync(file, 1_700_000_000.25 + i, 1_700_000_000.125 + i);
    return file;
  });
  // A name that is not valid UTF-8 is opened by its bytes, as the walk does.
  const bytesName = Buffer.concat([Buffer.from(tmp.dir + path.sep), Buffer.from([0x66, 0xff, 0x2e, 0x70])]);
  writeFileSync(bytesName, 'xyz');
  const missing = path.join(tmp.dir, 'gone.png');

  const thread = new StatThread();
  try {
    const paths = [files[0], missing, files[1], bytesName, files[2]];
    const { sizes, mtimes, errors } = await thread.stat(paths);
    paths.forEach((p, i) => {
      if (p === missing) {
        assert.match(errors[i]!, /ENOENT/);
        return;
      }
      const expected = statSync(p);
      assert.equal(errors[i], undefined);
      assert.equal(sizes[i], expected.size, String(p));
      assert.equal(mtimes[i], expected.mtimeMs, String(p));
    });
    assert.deepEqual([sizes[0], sizes[2], sizes[3], sizes[4]], [100, 200, 3, 300]);
    // Several requests in flight come back to their callers.
    const [first, second] = await Promise.all([thread.stat([files[2]]), thread.stat([files[0]])]);
    assert.deepEqual([first.sizes[0], second.sizes[0]], [300, 100]);
  } finally {
    await thread.close();
  }
});
