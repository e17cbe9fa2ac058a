import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isWithin, pathRelation } from '../../src/core/util/pathContainment';
import { realpathOfFuturePath } from '../../src/core/util/realPath';
import { tempDir } from './helpers/images';

const linux = { style: 'posix', ignoreCase: false } as const;
const mac = { style: 'posix', ignoreCase: true } as const;
const windows = { style: 'win32', ignoreCase: true } as const;

describe('pathRelation / isWithin', () => {
  it('compares whole segments, not string prefixes', () => {
    assert.equal(pathRelation('/data/set', '/data/set', linux), 'same');
    assert.equal(pathRelation('/data/set', '/data/set/a/b.png', linux), 'inside');
    assert.equal(pathRelation('/data/set', '/data/set2/a', linux), 'outside');
    assert.equal(pathRelation('/data/set', '/data', linux), 'outside');
  });

  it('ignores trailing separators and resolves . and ..', () => {
    assert.equal(pathRelation('/data/set/', '/data/set', linux), 'same');
    assert.equal(pathRelation('/data/set//', '/data/set/a/', linux), 'inside');
    assert.equal(pathRelation('/data/set', '/data/set/a/../b', linux), 'inside');
    assert.equal(pathRelation('/data/set', '/data/set/../set2/a', linux), 'outside');
    assert.equal(pathRelation('/data/set', '/data/set/./..', linux), 'outside');
    assert.equal(pathRelation('/data/x/../set', '/data/set/a', linux), 'inside');
  });

  it('the file-system root contains everything', () => {
    assert.equal(pathRelation('/', '/etc/passwd', linux), 'inside');
    assert.equal(pathRelation('C:\\', 'C:\\Users\\a', windows), 'inside');
  });

  it('case matters only where the file system ignores it', () => {
    assert.equal(pathRelation('/data/set', '/data/Set/a', linux), 'outside');
    assert.equal(pathRelation('/data/set', '/Data/SET/a', mac), 'inside');
    assert.equal(pathRelation('C:\\Data\\Set', 'c:\\data\\set\\out', windows), 'inside');
    assert.equal(pathRelation('C:\\Data\\Set', 'c:\\DATA\\SET', windows), 'same');
  });

  it('Windows: either slash, other drives and UNC shares', () => {
    assert.equal(pathRelation('C:\\data\\set', 'C:/data/set/a.png', windows), 'inside');
    assert.equal(pathRelation('C:\\data\\set', 'D:\\data\\set\\a.png', windows), 'outside');
    assert.equal(pathRelation('\\\\server\\share\\set', '\\\\server\\share\\set\\a', windows), 'inside');
    assert.equal(pathRelation('\\\\server\\share\\set', '\\\\server\\share\\set2', windows), 'outside');
  });

  it('isWithin counts the folder itself', () => {
    assert.ok(isWithin('/data/set', '/data/set', linux));
    assert.ok(isWithin('/data/set', '/data/set/a', linux));
    assert.ok(!isWithin('/data/set', '/data/set2', linux));
  });
});

describe('realpathOfFuturePath', () => {
  it('resolves links of the existing part and keeps the missing tail', () => {
    const { dir, cleanup } = tempDir();
    try {
      const real = realpathSync(dir);
      mkdirSync(path.join(dir, 'target'));
      symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
      assert.equal(
        realpathOfFuturePath(path.join(dir, 'link', 'new', 'deeper')),
        path.join(real, 'target', 'new', 'deeper'),
      );
      assert.equal(realpathOfFuturePath(path.join(dir, 'link')), path.join(real, 'target'));
    } finally {
      cleanup();
    }
  });
});
