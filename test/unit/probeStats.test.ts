import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { binomialTail, pairedDifferenceInterval } from '../../src/core/probe/pairedTest';
import { DEFAULT_PROBE_THRESHOLDS } from '../../src/core/probe/probeThresholds';
import type { RuleFinding } from '../../src/core/probe/probeTypes';
import { CostTally, judgeCost } from '../../src/core/probe/stepCost';
import { transformSafety } from '../../src/core/probe/transformSafety';
import { createRng } from '../../src/core/util/rng';

const T = DEFAULT_PROBE_THRESHOLDS;

test("exact one-sided McNemar p-values equal scipy's binomtest(k, n, 0.5, alternative='greater')", () => {
  // Values from scipy 1.10 (Debian python3-scipy).
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [3, 3, 0.125],
    [10, 12, 0.019287109375],
    [6, 8, 0.14453125],
    [17, 21, 0.0035986900329589844],
    [600, 1100, 0.0014097724957182144],
    [1, 2000, 1],
    [1101, 2000, 3.428083580005469e-6],
    [1200, 2000, 1.752503103467835e-19],
  ];
  for (const [k, n, p] of cases)
    assert.ok(Math.abs(binomialTail(k, n) - p) <= 1e-12 * Math.max(1, p), `${k}/${n}`);
  assert.throws(() => binomialTail(1.5, 3), RangeError);
});

test('the paired interval keeps about 95% coverage with few discordant images, and is never a point', () => {
  assert.deepEqual(
    pairedDifferenceInterval(0, 0, 500).map((v) => Number(v.toFixed(6))),
    [-0.003904, 0.003904],
  );
  const rng = createRng(7);
  const n = 300;
  const [pWorse, pBetter] = [0.03, 0.01];
  let covered = 0;
  const reps = 2000;
  for (let r = 0; r < reps; r++) {
    let worse = 0;
    let better = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < pWorse) worse++;
      else if (u < pWorse + pBetter) better++;
    }
    const [lo, hi] = pairedDifferenceInterval(worse, better, n);
    if (lo <= pWorse - pBetter && pWorse - pBetter <= hi) covered++;
  }
  assert.ok(covered / reps >= 0.93 && covered / reps <= 0.975, `coverage ${covered / reps}`);
});

const DIGITS = ['0', '1', '6', '7', '9'];

/**
 * One round of `perClass` held-out images per class: the null model right on all but `restored` images, which the
 * step's model gets right; `moves` are images the step's model gets wrong.
 */
function tally(
  moves: { from: string; to: string; count: number }[],
  options: { perClass?: number; restored?: number; classes?: string[] } = {},
): CostTally {
  const classes = options.classes ?? DIGITS;
  const perClass = options.perClass ?? 100;
  const truth: number[] = [];
  const nullPredicted: number[] = [];
  const withPredicted: number[] = [];
  classes.forEach((_, c) => {
    for (let i = 0; i < perClass; i++) {
      truth.push(c);
      nullPredicted.push(c);
      withPredicted.push(c);
    }
  });
  for (const { from, to, count } of moves) {
    const c = classes.indexOf(from);
    for (let i = 0; i < count; i++) withPredicted[c * perClass + 1 + i] = classes.indexOf(to);
  }
  // Images the null model got wrong and the step's model right (noise both ways).
  for (let i = 0; i < (options.restored ?? 0); i++) {
    const c = i % classes.length;
    nullPredicted[c * perClass + perClass - 1 - i] = (c + 1) % classes.length;
  }
  const result = new CostTally(classes);
  result.add(Int32Array.from(truth), Int32Array.from(nullPredicted), Int32Array.from(withPredicted));
  return result;
}

test('judge: extra errors concentrated on one pair break it (6 <-> 9); spread out, the step is risky', () => {
  const swap = judgeCost(
    tally([
      { from: '6', to: '9', count: 14 },
      { from: '9', to: '6', count: 12 },
      { from: '1', to: '7', count: 2 },
    ]),
    T,
  );
  assert.equal(swap.cost.decision, 'costs');
  assert.equal(swap.verdict, 'breaks');
  assert.deepEqual(
    swap.pairs.map((p) => [p.from, p.to, p.rate, p.source]),
    [
      ['6', '9', 0.14, 'measured'],
      ['9', '6', 0.12, 'measured'],
    ],
  );
  assert.equal(swap.cost.test.worse, 28);
  assert.equal(swap.cost.cost, 0.056);
  assert.match(swap.reason, /mostly confusions 6 <-> 9 \+26/);
  assert.equal(swap.rateOf('1', '7'), 0.02);

  const spread = judgeCost(
    tally(
      DIGITS.flatMap((from, i) => [{ from, to: DIGITS[(i + 1) % 5], count: 4 }]),
      { restored: 2 },
    ),
    T,
  );
  assert.equal(spread.cost.decision, 'costs');
  assert.equal(spread.verdict, 'risky');
  assert.deepEqual(spread.pairs, []);
  assert.match(spread.reason, /blur what tells the classes apart/);
});

test('judge: no cost is safe with confidence; a small unsure cost is unclear; two classes never name a pair', () => {
  const none = judgeCost(tally([], { restored: 1 }), T);
  assert.deepEqual([none.verdict, none.cost.decision], ['safe', 'noCost']);
  assert.ok(none.cost.interval[1] < none.cost.margin);
  assert.match(none.reason, /below the margin 0\.010 with 95% confidence/);

  // 4 extra errors of 500: p = 0.0625, not significant; the interval still reaches the margin.
  const unsure = judgeCost(tally([{ from: '6', to: '9', count: 4 }]), T);
  assert.deepEqual([unsure.verdict, unsure.cost.decision], ['safe', 'unclear']);
  assert.match(unsure.reason, /no significant cost above the margin .* but the interval reaches it/);

  const two = judgeCost(
    tally(
      [
        { from: 'a', to: 'b', count: 20 },
        { from: 'b', to: 'a', count: 20 },
      ],
      { classes: ['a', 'b'] },
    ),
    T,
  );
  assert.equal(two.verdict, 'risky', 'with two classes every confusion is between them: no swap can be told');
});

test('judge: the margin follows the null model: a quarter of its errors, at least marginFloor', () => {
  const perfect = tally([]);
  // 40 null-model errors of 500 (accuracy 0.92): margin 0.25 * 0.08 = 0.02.
  const truth = new Int32Array(500);
  const wrong = Int32Array.from({ length: 500 }, (_, i) => (i < 40 ? 1 : 0));
  const base = new CostTally(['a', 'b', 'c']);
  base.add(truth, wrong, wrong);
  assert.equal(judgeCost(base, T).cost.margin, 0.02);
  assert.equal(judgeCost(perfect, T).cost.margin, T.marginFloor);
});

const pipeline = validatePipeline({
  version: 1,
  transforms: [{ name: 'flipHorizontal' }, { name: 'rotate', degrees: [180, 180] }, { name: 'flipVertical' }],
});

function finding(index: number, verdict: 'risky' | 'breaks', pairs: [string, string][] = []): RuleFinding {
  return {
    rule: verdict === 'breaks' ? 'digits' : 'glyphLook',
    index,
    name: pipeline.steps[index].name,
    verdict,
    classes: [],
    pairs,
    reason: `rule ${verdict}`,
  };
}

test("combined verdict: a confident measured no-cost overrules a rule's risky, never its breaks", () => {
  const noCost = judgeCost(tally([], { restored: 1 }), T);
  const unsure = judgeCost(tally([{ from: '6', to: '9', count: 4 }]), T);
  const rules = [
    finding(0, 'risky'),
    finding(1, 'breaks', [
      ['6', '9'],
      ['9', '6'],
    ]),
    finding(2, 'risky'),
  ];
  const [mirror, half, flip] = transformSafety(pipeline, rules, [noCost, noCost, unsure]);
  assert.deepEqual([mirror.verdict, mirror.ruleVerdict, mirror.overruled], ['safe', 'risky', ['glyphLook']]);
  assert.match(
    mirror.reasons[1],
    /glyphLook rule: rule risky \(overruled: training with it measured no cost\)/,
  );
  assert.equal(half.verdict, 'breaks', 'a rule naming 6 and 9 stands');
  assert.deepEqual(half.overruled, []);
  assert.deepEqual(
    half.pairs.map((p) => [p.from, p.to, p.rate, p.source]),
    [
      ['6', '9', 0, 'rule'],
      ['9', '6', 0, 'rule'],
    ],
  );
  assert.equal(flip.verdict, 'risky', 'an unclear measurement overrules nothing');
  assert.equal(flip.measured?.decision, 'unclear');

  const rulesOnly = transformSafety(pipeline, rules, [], 'not measured');
  assert.deepEqual(rulesOnly[1].pairs[0], { from: '6', to: '9', rate: null, source: 'rule' });
  assert.deepEqual(rulesOnly[0].reasons, ['not measured', 'glyphLook rule: rule risky']);
});
