import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNames } from '../../src/core/util/names';

test('compareNames sorts like Python sorted() (code points), not like UTF-16', () => {
  const names = ['b', 'a', 'B', '\uFF21', '\u{1F600}', 'ab', 'a\u00e9', '10', '9', ''];
  const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  assert.deepEqual([...names].sort(compareNames), byBytes);
  // The case JS's default sort gets wrong: U+1F600 (surrogate pair) sorts after U+FF21.
  assert.ok(compareNames('\u{1F600}', '\uFF21') > 0);
  assert.ok(['\u{1F600}', '\uFF21'].sort()[0] === '\u{1F600}', 'plain sort differs, so this test can fail');
});
