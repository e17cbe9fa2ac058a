import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetReport, FileIssue } from '../../src/core/engine/report';
import { actionableFiles, findingsListText, selectionRows } from '../../src/protocol/findingRows';
import { ATYPICAL, LABEL_ERROR, mapGroups, NO_FINDING, NO_VALUE } from '../../webview/mapGroups';

/** A report with a map of five images: one dark, one a possible label error, one atypical, two with nothing. */
function report(): DatasetReport {
  const files = ['a/1.png', 'a/2.png', 'b/3.png', 'b/4.png', 'x.png'];
  return {
    images: 5,
    issues: [
      { file: 'a/2.png', kind: 'dark', message: 'dark', severity: 0.5, class: 'a' } as FileIssue,
      { file: 'gone.png', kind: 'corrupt', message: 'corrupt', severity: 1 } as FileIssue,
    ],
    quality: { counts: {}, summarised: [], worst: [], duplicates: { exact: [], near: [] }, leakage: [] },
    labelIssues: [{ file: 'b/3.png', given: 'b', suggested: 'a', score: 0.9 }],
    content: {
      outliers: { k: 5, byClass: [], overall: [{ file: 'a/1.png', score: 0.5, scoreInClass: null }] },
      map: {
        points: {
          file: files,
          x: [0, 0.1, 0.9, 1, 0.5],
          y: [0, 0.1, 0.9, 1, 0.5],
          class: ['a', 'a', 'b', 'b', null],
          split: ['train', 'val', 'train', 'train', null],
        },
      },
    },
  } as unknown as DatasetReport;
}

test('map groups: by class, split and finding, largest first, each point in its group', () => {
  const r = report();
  const byClass = mapGroups(r, 'class');
  assert.deepEqual(byClass.names, ['a', 'b', NO_VALUE]);
  assert.deepEqual(byClass.counts, [2, 2, 1]);
  assert.deepEqual([...byClass.groupOf], [0, 0, 1, 1, 2]);
  const bySplit = mapGroups(r, 'split');
  assert.deepEqual(bySplit.names, ['train', NO_VALUE, 'val']);
  assert.deepEqual([...bySplit.groupOf], [0, 2, 0, 0, 1]);
  const byFinding = mapGroups(r, 'finding');
  const of = (i: number) => byFinding.names[byFinding.groupOf[i]];
  assert.deepEqual([0, 1, 2, 3, 4].map(of), [ATYPICAL, 'Dark', LABEL_ERROR, NO_FINDING, NO_FINDING]);
});

test('the panel may act on findings and on images of the map, nothing else', () => {
  const files = actionableFiles(report());
  assert.deepEqual([...files].sort(), ['a/1.png', 'a/2.png', 'b/3.png', 'b/4.png', 'gone.png', 'x.png']);
  assert.equal(files.has('c/9.png'), false);
  const noMap = report();
  delete noMap.content!.map;
  assert.deepEqual([...actionableFiles(noMap)].sort(), ['a/2.png', 'gone.png']);
});

test('Export list of a map selection: findings as before, a "selected" row for an image without one', () => {
  const rows = selectionRows(report(), new Set(['a/2.png', 'b/4.png']));
  assert.deepEqual(
    rows.map((r) => [r.file, r.kind, r.class, r.split]),
    [
      ['a/2.png', 'dark', 'a', ''],
      ['b/4.png', 'selected', 'b', 'train'],
    ],
  );
  assert.match(
    findingsListText(rows, 'csv'),
    /\r\nb\/4\.png,selected,Selected on the content map,b,train,0,no finding,\r\n$/,
  );
});
