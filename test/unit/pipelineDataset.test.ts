import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { datasetFieldFor, datasetOfPipeline } from '../../src/core/pipeline/pipelineDataset';
import { PipelineError, validatePipeline } from '../../src/core/pipeline/validatePipeline';

const base = { version: 1, seed: 1, transforms: [{ name: 'flipHorizontal' }] };

test('a pipeline may name its dataset; the field resolves against the file and round-trips', () => {
  const file = path.resolve('/work/project/pipelines/flowers.pipeline.json');
  assert.equal(
    datasetOfPipeline({ ...base, dataset: '../data/flowers' }, file),
    path.resolve('/work/project/data/flowers'),
  );
  assert.equal(datasetOfPipeline({ ...base, dataset: '/srv/cats' }, file), path.resolve('/srv/cats'));
  assert.equal(datasetOfPipeline(base, file), undefined, 'no field: nothing to use');
  assert.equal(datasetOfPipeline({ ...base, dataset: 3 }, file), undefined);
  for (const root of ['/work/project/data/flowers', '/work/project/pipelines', '/elsewhere/x']) {
    const field = datasetFieldFor(path.resolve(root), file);
    assert.equal(datasetOfPipeline({ ...base, dataset: field }, file), path.resolve(root), field);
  }
  assert.equal(datasetFieldFor(path.resolve('/work/project/data/flowers'), file), '../data/flowers');
});

test('the validator takes a dataset path and refuses anything else, the augmentation ignores it', () => {
  const withField = validatePipeline({ ...base, dataset: '../flowers' });
  assert.deepEqual(withField, validatePipeline(base), 'no part of what is run');
  for (const bad of ['', 7, ['a'], null]) {
    assert.throws(
      () => validatePipeline({ ...base, dataset: bad }),
      (e: unknown) => e instanceof PipelineError && /for dataset but received/.test(e.message),
      JSON.stringify(bad),
    );
  }
});
