import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const CHILD = path.join(__dirname, 'helpers', 'youngGenerationChild.ts');

function youngKbAfterStatThread(mode: 'small' | 'default'): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, mode], { encoding: 'utf8' });
  return (JSON.parse(out) as { youngKb: number }).youngKb;
}

test('the young generation stays small once asked, also after the stat thread (a worker thread) has started', () => {
  // Without asking, the same allocations grow it to 2 x 16 MB: the check below can fail.
  assert.ok(youngKbAfterStatThread('default') >= 16 * 1024, 'grows when not asked');
  const small = youngKbAfterStatThread('small');
  assert.ok(small <= 4 * 1024, `young generation of ${small} KB`);
});
