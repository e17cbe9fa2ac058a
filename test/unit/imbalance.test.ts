import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imbalanceOf } from '../../src/core/classes/imbalance';
import { splitMismatch } from '../../src/core/classes/splitMismatch';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('class weights follow scikit-learn "balanced": n_samples / (n_classes * n_c)', () => {
  const report = imbalanceOf(
    [
      { name: 'a', count: 100 },
      { name: 'b', count: 50 },
      { name: 'c', count: 10 },
    ],
    'train',
  );
  // 160 samples, 3 classes: 160/300, 160/150, 160/30 — worked by hand.
  close(report.classWeights.a, 160 / 300);
  close(report.classWeights.b, 160 / 150);
  close(report.classWeights.c, 16 / 3);
  assert.equal(report.ratio, 10);
  assert.deepEqual(report.largest, { name: 'a', count: 100 });
  assert.deepEqual(report.smallest, { name: 'c', count: 10 });
  assert.deepEqual(report.tinyClasses, ['c']);
});

test('effective number of samples (Cui et al. 2019) and its normalised weights', () => {
  const report = imbalanceOf(
    [
      { name: 'a', count: 1000 },
      { name: 'b', count: 10 },
    ],
    'all',
    { beta: 0.99 },
  );
  const ea = (1 - 0.99 ** 1000) / 0.01;
  const eb = (1 - 0.99 ** 10) / 0.01;
  close(report.effectiveNumber.perClass.a, ea, 1e-9);
  close(report.effectiveNumber.perClass.b, eb, 1e-9);
  const wa = 1 / ea;
  const wb = 1 / eb;
  close(report.effectiveNumber.classWeights.a, (wa / (wa + wb)) * 2, 1e-12);
  close(report.effectiveNumber.classWeights.a + report.effectiveNumber.classWeights.b, 2, 1e-12);
});

test('empty classes get no weight and are reported', () => {
  const report = imbalanceOf(
    [
      { name: 'a', count: 4 },
      { name: 'empty', count: 0 },
    ],
    'all',
  );
  assert.deepEqual(report.emptyClasses, ['empty']);
  assert.equal(report.classWeights.empty, undefined);
  assert.equal(report.classWeights.a, 1);
  assert.equal(report.ratio, 1);
});

test('split mismatch: total variation and Jensen-Shannon divergence worked by hand', () => {
  const [m] = splitMismatch(
    {
      name: 'train',
      counts: new Map([
        ['a', 50],
        ['b', 50],
      ]),
    },
    [{ name: 'val', counts: new Map([['a', 10]]) }],
    ['a', 'b'],
  );
  close(m.totalVariation, 0.5);
  // p = (.5,.5), q = (1,0), m = (.75,.25): JS = .5(.5 log2(.5/.75) + .5 log2(.5/.25)) + .5(1 log2(1/.75))
  close(m.jensenShannon, 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * 1) + 0.5 * Math.log2(1 / 0.75));
  assert.deepEqual(m.missingClasses, ['b']);
  const [same] = splitMismatch(
    { name: 'train', counts: new Map([['a', 2]]) },
    [{ name: 'test', counts: new Map([['a', 9]]) }],
    ['a'],
  );
  assert.equal(same.totalVariation, 0);
  assert.equal(same.jensenShannon, 0);
});
