import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logTickLabel } from '../../webview/chartView';

/** chart.js's log ticks: every 1..9 × 10^k from min to max. */
const ticks = (min: number, max: number) => {
  const out: number[] = [];
  for (let p = 10 ** Math.floor(Math.log10(min)); p <= max; p *= 10)
    for (let m = 1; m <= 9; m++) if (m * p >= min && m * p <= max) out.push(Math.round(m * p));
  return out;
};
const labelled = (min: number, max: number) =>
  ticks(min, max)
    .map((v) => logTickLabel(v, max / min))
    .filter((l): l is string => l !== null);

describe('Classes chart log axis: tick labels that do not overlap', () => {
  it('over three decades (545x imbalance) labels only powers of ten', () => {
    assert.deepEqual(labelled(10, 20_000), ['10', '100', '1,000', '10,000']);
  });

  it('over two decades or less adds 2 and 5', () => {
    assert.deepEqual(labelled(10, 1000), ['10', '20', '50', '100', '200', '500', '1,000']);
  });

  it('labels nothing at or below zero', () => {
    assert.equal(logTickLabel(0, 10), null);
    assert.equal(logTickLabel(-1, 10), null);
  });
});
