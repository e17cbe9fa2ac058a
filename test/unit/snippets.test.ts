import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pyFloat } from '../../src/core/codegen/pyLiteral';
import type { DatasetReport } from '../../src/core/engine/report';
import {
  classNamesList,
  kerasClassWeights,
  kerasNormalization,
  pytorchClassWeights,
  pytorchNormalization,
  statsJson,
} from '../../src/protocol/snippets';
import { STATS_FIXTURE } from './helpers/statsFixture';

const stats = STATS_FIXTURE;
const report = {
  root: '/data/shapes',
  images: 2,
  sample: null,
  classes: [
    { name: 'cat', index: 0, count: 3 },
    { name: 'dog "x"', index: 1, count: 1 },
  ],
  imbalance: {
    classWeights: { cat: 0.6666666666, 'dog "x"': 2 },
    effectiveNumber: { beta: 0.999, perClass: {}, classWeights: { cat: 0.5, 'dog "x"': 1.5 } },
  },
  stats: { ...stats, channelPolicy: 'RGB' },
  statsBySplit: { train: stats },
  statsByClass: { cat: stats },
} as unknown as DatasetReport;

describe('snippets', () => {
  it('pyFloat writes Python float literals', () => {
    assert.equal(pyFloat(1), '1.0');
    // Full precision by default: copied constants are exactly what analyze computed.
    assert.equal(pyFloat(0.565849585440912), '0.565849585440912');
    assert.equal(pyFloat(0.2 * 0.2, 15), '0.04');
    assert.equal(pyFloat(1e-9), '1e-09');
    assert.equal(pyFloat(NaN), 'float("nan")');
  });

  it('Keras: Rescaling then Normalization with variance = std²', () => {
    const code = kerasNormalization(report);
    assert.match(code, /keras\.layers\.Rescaling\(1\.0 \/ 255\)/);
    assert.match(code, /MEAN = \[0\.5, 0\.25, 0\.125\]\nVARIANCE = \[0\.04, 0\.09, 0\.01\]/);
    assert.match(code, /keras\.layers\.Normalization\(mean=MEAN, variance=VARIANCE\)/);
  });

  it('PyTorch: Normalize(mean, std)', () => {
    const code = pytorchNormalization(report);
    assert.match(code, /MEAN = \[0\.5, 0\.25, 0\.125\]/);
    assert.match(code, /STD = \[0\.2, 0\.3, 0\.1\]/);
    assert.match(code, /normalize = v2\.Normalize\(mean=MEAN, std=STD\)/);
  });

  it('class weights keyed by label index, names quoted safely', () => {
    assert.match(kerasClassWeights(report), /0: 0\.6666666666, {2}# "cat"\n {4}1: 2\.0, {2}# "dog \\"x\\""/);
    assert.match(kerasClassWeights(report, 'effective'), /0: 0\.5,/);
    assert.match(pytorchClassWeights(report), /torch\.tensor\(\[0\.6666666666, 2\.0\]\)/);
    assert.equal(classNamesList(report), 'class_names = ["cat", "dog \\"x\\""]\n');
  });

  it('stats JSON carries both std conventions, labelled, and per split / class', () => {
    const json = JSON.parse(statsJson(report)) as Record<string, unknown>;
    assert.deepEqual(json.mean, [0.5, 0.25, 0.125]);
    assert.deepEqual(json.meanOfImageStd, [0.1, 0.1, 0.1]);
    assert.match(String(json.stdConvention), /featurewise/);
    assert.deepEqual(Object.keys(json.bySplit as object), ['train']);
  });

  it('explains a report without statistics', () => {
    assert.throws(() => kerasNormalization({ ...report, stats: null }), /no statistics/);
  });
});
