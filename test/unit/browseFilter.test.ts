import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowseIndex } from '../../src/core/browse/browseIndex';
import {
  ANY_FINDING,
  filterIndex,
  NO_FILTER,
  NO_FINDING,
  sizeOptions,
  UNKNOWN_SIZE,
} from '../../webview/browseFilter';

const index: BrowseIndex = {
  files: ['train/cat/1.png', 'train/dog/2.png', 'val/cat/3.png', 'val/dog/4.png', 'val/dog/5.png'],
  classes: ['cat', 'dog'],
  splits: ['train', 'val'],
  classOf: [0, 1, 0, 1, 1],
  splitOf: [0, 0, 1, 1, 1],
  width: [28, 28, 64, 0, 28],
  height: [28, 28, 48, 0, 28],
  found: 5,
};
const findings = new Map([
  ['train/dog/2.png', ['dark']],
  ['val/dog/4.png', ['corrupt']],
  ['val/dog/5.png', ['dark', 'leakage']],
]);
const names = (filter: Partial<typeof NO_FILTER>) =>
  filterIndex(index, findings, { ...NO_FILTER, ...filter }).map((i) => index.files[i]);

describe('Browse filters', () => {
  it('no filter lists every file in order', () => {
    assert.deepEqual(names({}), index.files);
  });

  it('class, split and size filter together', () => {
    assert.deepEqual(names({ className: 'dog', split: 'val' }), ['val/dog/4.png', 'val/dog/5.png']);
    assert.deepEqual(names({ size: '28x28' }), ['train/cat/1.png', 'train/dog/2.png', 'val/dog/5.png']);
    assert.deepEqual(names({ size: UNKNOWN_SIZE }), ['val/dog/4.png']);
    assert.deepEqual(names({ className: 'bird' }), [], 'a class the index lacks matches nothing');
  });

  it('findings: any, none, or one kind', () => {
    assert.deepEqual(names({ finding: ANY_FINDING }), ['train/dog/2.png', 'val/dog/4.png', 'val/dog/5.png']);
    assert.deepEqual(names({ finding: NO_FINDING }), ['train/cat/1.png', 'val/cat/3.png']);
    assert.deepEqual(names({ finding: 'dark', split: 'val' }), ['val/dog/5.png']);
  });

  it('offers the sizes present, most frequent first', () => {
    assert.deepEqual(sizeOptions(index), [
      { size: '28x28', count: 3 },
      { size: '64x48', count: 1 },
      { size: UNKNOWN_SIZE, count: 1 },
    ]);
  });
});
