import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  classOrder,
  heavyWeights,
  HEAVY_WEIGHT,
  histogramTick,
  imagesToReach,
} from '../../webview/chartView';

const classes = [
  { name: 'ant', index: 0, count: 30 },
  { name: 'bee', index: 1, count: 16350 },
  { name: 'cat', index: 2, count: 300 },
];

describe('Classes chart', () => {
  it('orders bars by label index, by count (largest first) or by count (smallest first)', () => {
    assert.deepEqual(
      classOrder(classes, 'label').map((c) => c.name),
      ['ant', 'bee', 'cat'],
    );
    assert.deepEqual(
      classOrder(classes, 'largest').map((c) => c.name),
      ['bee', 'cat', 'ant'],
    );
    assert.deepEqual(
      classOrder(classes, 'smallest').map((c) => c.name),
      ['ant', 'cat', 'bee'],
    );
  });

  it('names the classes whose weight is above ~10, heaviest first; none when weights stay small', () => {
    const report = {
      imbalance: { classWeights: { ant: 185.3, bee: 0.34, cat: 18.5 } },
    } as unknown as DatasetReport;
    assert.equal(HEAVY_WEIGHT, 10);
    assert.deepEqual(heavyWeights(report), [
      { name: 'ant', weight: 185.3 },
      { name: 'cat', weight: 18.5 },
    ]);
    const mild = { imbalance: { classWeights: { a: 1.2, b: 0.8 } } } as unknown as DatasetReport;
    assert.deepEqual(heavyWeights(mild), []);
    assert.deepEqual(heavyWeights({ imbalance: null } as unknown as DatasetReport), []);
  });
});

describe('collecting data instead', () => {
  it('says how many more images bring a class weight down to 10 (the total grows with them)', () => {
    const report = {
      classes,
      splits: [],
      imbalance: {
        basis: 'all',
        classWeights: { ant: 16680 / 90, bee: 16680 / (3 * 16350), cat: 16680 / 900 },
      },
    } as unknown as DatasetReport;
    // (16680 + x) / (3 (30 + x)) <= 10  <=>  x >= 15780 / 29 = 544.1
    assert.equal(imagesToReach(report, 'ant', 10), 545);
    assert.equal(imagesToReach(report, 'bee', 10), 0);
  });

  it('counts on the train split when the weights were', () => {
    const report = {
      classes,
      splits: [
        {
          name: 'train',
          files: 110,
          classes: [
            { name: 'ant', count: 10 },
            { name: 'bee', count: 100 },
            { name: 'cat', count: 0 },
          ],
        },
      ],
      imbalance: { basis: 'train', classWeights: { ant: 5.5, bee: 0.55 } },
    } as unknown as DatasetReport;
    // two present classes: (110 + x) / (2 (10 + x)) <= 2  <=>  x >= 70 / 3 = 23.3
    assert.equal(imagesToReach(report, 'ant', 2), 24);
  });
});

describe('Statistics histogram', () => {
  it('labels the pixel axis at 0, 32, 64 … 224 and 255 only', () => {
    const shown = Array.from({ length: 256 }, (_, i) => histogramTick(i)).filter((t) => t !== null);
    assert.deepEqual(shown, ['0', '32', '64', '96', '128', '160', '192', '224', '255']);
  });
});
