import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { checkLabels } from '../../src/core/content/labelIssues';
import type { RowView } from '../../src/core/util/rowView';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CLASSES = 10;
const DIMS = 16;

/** 32-bit hash of two integers, for noise that needs no stored state. */
function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/**
 * `count` rows made on demand (none stored, so the check's own memory is all that grows with the count): row i
 * is the corner of its class plus noise, unit length; one image in 20 is labelled with the next class.
 */
function generated(
  count: number,
  sample: () => void,
): { rows: RowView<Float32Array>; classOf: (i: number) => number } {
  const row = new Float32Array(DIMS);
  let reads = 0;
  return {
    rows: {
      count,
      width: DIMS,
      row: (i) => {
        if (++reads % 4096 === 0) sample();
        let norm = 0;
        for (let d = 0; d < DIMS; d++) {
          row[d] = (d === i % CLASSES ? 1 : 0) + (hash(i, d) / 2 ** 32 - 0.5) * 1.6;
          norm += row[d] * row[d];
        }
        for (let d = 0; d < DIMS; d++) row[d] /= Math.sqrt(norm);
        return row;
      },
    },
    classOf: (i) => (i % 20 === 7 ? (i + 1) % CLASSES : i % CLASSES),
  };
}

/**
 * The most array-buffer bytes held (after a full collection) while checking `count` images' labels, sampled as
 * rows are read and as issues are named.
 */
function peakWhileChecking(count: number): { peak: number; issues: number } {
  let peak = 0;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  };
  const { rows, classOf } = generated(count, sample);
  const names = Array.from({ length: CLASSES }, (_, c) => `class${c}`);
  let named = 0;
  const result = checkLabels(rows, classOf, names, (k) => {
    if (++named % 256 === 0) sample();
    return `${k}.png`;
  });
  return { peak, issues: result?.issues.length ?? 0 };
}

test('checking labels: the out-of-fold probabilities go to a file, memory grows by a few bytes an image', () => {
  const small = peakWhileChecking(40_000);
  const large = peakWhileChecking(160_000);
  // The case exercises what it should: wrong labels found at both sizes.
  assert.ok(small.issues > 100 && large.issues > 400, `${small.issues} and ${large.issues} issues`);
  const perImage = (large.peak - small.peak) / 120_000;
  // Kept per image by design: its row number and class (8 bytes), its fold (1) and the training rows' numbers
  // (4). Its probabilities (8 bytes a class: 80 here) go to a temporary file past the first megabytes.
  assert.ok(perImage < 40, `${perImage.toFixed(1)} bytes an image more in array buffers (at most 40)`);
});
