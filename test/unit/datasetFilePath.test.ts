import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import { datasetFilePath, reportLists } from '../../src/extension/panel/datasetFilePath';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

test('the panel opens and thumbnails only files whose real path is inside the dataset, unless links are followed', async () => {
  const root = path.join(tmp.dir, 'ds');
  mkdirSync(path.join(root, 'cat'), { recursive: true });
  writeFileSync(path.join(root, 'cat', 'a.png'), 'x');
  writeFileSync(path.join(tmp.dir, 'secret.png'), 'secret');
  symlinkSync(path.join(tmp.dir, 'secret.png'), path.join(root, 'cat', 'secret.png'));
  symlinkSync('a.png', path.join(root, 'cat', 'alias.png'));
  const listed = () => true; // as if the report named every file (an issue, a duplicate group)
  const real = (file: string) => realpathSync(path.join(root, file));

  assert.equal(
    await datasetFilePath(root, 'cat/a.png', { followExternalLinks: false, listed }),
    real('cat/a.png'),
  );
  // A link inside the dataset is read at its real path (what was checked is what is read).
  assert.equal(
    await datasetFilePath(root, 'cat/alias.png', { followExternalLinks: false, listed }),
    real('cat/a.png'),
  );
  await assert.rejects(
    datasetFilePath(root, 'cat/secret.png', { followExternalLinks: false, listed }),
    /leads outside the dataset/,
  );
  await assert.rejects(
    datasetFilePath(root, 'cat/secret.png', { followExternalLinks: true, listed: () => false }),
    /leads outside the dataset/,
  );
  assert.equal(
    await datasetFilePath(root, 'cat/secret.png', { followExternalLinks: true, listed }),
    real('cat/secret.png'),
  );
  await assert.rejects(
    datasetFilePath(root, '../secret.png', { followExternalLinks: true, listed }),
    /not inside/,
  );
  await assert.rejects(
    datasetFilePath(root, 'cat/gone.png', { followExternalLinks: false, listed }),
    /Not found/,
  );
});

test('a report lists the files of its issues, duplicate groups, label issues and outliers, no others', () => {
  const report = {
    issues: [{ file: 'a/issue.png' }],
    quality: { duplicates: { exact: [{ files: ['a/x.png', 'b/x.png'] }], near: [{ files: ['c/n.png'] }] } },
    labelIssues: [{ file: 'a/label.png' }],
    content: {
      outliers: { byClass: [{ images: [{ file: 'b/odd.png' }] }], overall: [{ file: 'c/odd.png' }] },
    },
  } as unknown as DatasetReport;
  for (const file of ['a/issue.png', 'b/x.png', 'c/n.png', 'a/label.png', 'b/odd.png', 'c/odd.png'])
    assert.ok(reportLists(report, file), file);
  assert.equal(reportLists(report, 'a/clean.png'), false);
});
