import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { UsageError } from '../../src/core/util/errors';
import { writeBadContainers, type BadContainer } from '../fixtures/badContainers';
import { tempDir } from './helpers/images';

const tmp = tempDir();
let cases: BadContainer[] = [];
before(async () => {
  cases = await writeBadContainers(tmp.dir);
});
after(() => tmp.cleanup());

test('each damaged container is one clear issue naming it, or a one-line usage error', async () => {
  assert.ok(cases.length >= 5);
  for (const { source, expected } of cases) {
    const run = analyzeDataset(path.join(tmp.dir, source), { workers: 0 });
    if ('usage' in expected) {
      await assert.rejects(run, (error: Error) => {
        assert.ok(error instanceof UsageError, `${source}: ${error.stack}`);
        assert.match(error.message, expected.usage, source);
        assert.ok(!error.message.includes('\n'), `${source}: one line`);
        return true;
      });
      continue;
    }
    const report = await run;
    const issues = report.issues.filter((i) => i.kind === expected.issue);
    assert.equal(issues.length, 1, `${source}: ${JSON.stringify(report.issues)}`);
    assert.equal(issues[0].file, expected.file, source);
    assert.match(issues[0].message, expected.message, source);
    if (expected.images >= 0) assert.equal(report.images, expected.images, source);
  }
});
