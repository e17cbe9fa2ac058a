import { round4 } from '../augment/transform';
import { binomialTail, pairedDifferenceInterval } from './pairedTest';
import type { LabelPair, ProbeThresholds, StepCost, Verdict } from './probeTypes';

/**
 * Held-out predictions of the null model (trained on the clean part plus an untransformed copy) and of the model
 * trained with a step (clean part plus transformed copies), pooled over rounds: the counts every measured
 * verdict comes from.
 */
export class CostTally {
  /** Held-out images, by true class. */
  readonly support: Int32Array;
  /** [from * k + to]: images of `from` the null model got right and the step's model reads as `to`. */
  readonly moved: Int32Array;
  /** [from * k + to]: images of `from` the null model read as `to` and the step's model gets right. */
  readonly restored: Int32Array;
  heldOut = 0;
  nullRight = 0;
  withRight = 0;
  rounds = 0;

  constructor(readonly classes: readonly string[]) {
    const k = classes.length;
    this.support = new Int32Array(k);
    this.moved = new Int32Array(k * k);
    this.restored = new Int32Array(k * k);
  }

  /** Adds one round: truth and both models' predictions for the same held-out images. */
  add(truth: Int32Array, nullPredicted: Int32Array, withPredicted: Int32Array): void {
    const k = this.classes.length;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i];
      const a = nullPredicted[i];
      const b = withPredicted[i];
      this.support[t]++;
      if (a === t) this.nullRight++;
      if (b === t) this.withRight++;
      if (a === t && b !== t) this.moved[t * k + b]++;
      if (a !== t && b === t) this.restored[t * k + a]++;
    }
    this.heldOut += truth.length;
    this.rounds++;
  }

  /** Images only the step's model got wrong, and only it got right. */
  get worse(): number {
    return this.moved.reduce((a, b) => a + b, 0);
  }

  get better(): number {
    return this.restored.reduce((a, b) => a + b, 0);
  }
}

export interface JudgedCost {
  cost: StepCost;
  verdict: Verdict;
  /** Class pairs whose confusion grew significantly (both directions listed), largest growth first. */
  pairs: LabelPair[];
  /** Why, in one sentence a user can act on. */
  reason: string;
  /** Net growth of "`from` read as `to`" as a fraction of held-out `from` images (0 for unknown names). */
  rateOf(from: string, to: string): number;
}

/**
 * The measured verdict of one step:
 * - the cost is the null model's clean held-out accuracy minus the step's model's, with a paired 95% interval
 *   and McNemar's exact one-sided test;
 * - it `costs` when the test is significant (p < alpha) and the cost reaches the margin (a quarter of the null
 *   model's errors, at least marginFloor); `noCost` when the whole interval stays below the margin; else unclear;
 * - a costly step `breaks` when class pairs whose symmetric confusion grew significantly (sign test, Bonferroni
 *   over the pairs; with more than two classes) carry at least pairShare of the extra errors, else it is `risky`.
 */
export function judgeCost(tally: CostTally, thresholds: ProbeThresholds): JudgedCost {
  const { heldOut, classes } = tally;
  const worse = tally.worse;
  const better = tally.better;
  const n = Math.max(heldOut, 1);
  const nullAccuracy = tally.nullRight / n;
  const withAccuracy = tally.withRight / n;
  const costValue = (worse - better) / n;
  const interval = pairedDifferenceInterval(worse, better, heldOut);
  const margin = Math.max(thresholds.marginFloor, thresholds.marginShare * (1 - nullAccuracy));
  const pValue = binomialTail(worse, worse + better);
  const decision: StepCost['decision'] =
    pValue < thresholds.alpha && costValue >= margin ? 'costs' : interval[1] < margin ? 'noCost' : 'unclear';
  const cost: StepCost = {
    cost: round4(costValue),
    interval: [round4(interval[0]), round4(interval[1])],
    margin: round4(margin),
    test: { name: 'McNemar', pValue: roundP(pValue), worse, better },
    decision,
    heldOut,
    rounds: tally.rounds,
    nullAccuracy: round4(nullAccuracy),
    withAccuracy: round4(withAccuracy),
  };
  const grown = significantPairs(tally, thresholds.alpha);
  const rateOf = (from: string, to: string) => {
    const a = classes.indexOf(from);
    const b = classes.indexOf(to);
    return a < 0 || b < 0 || a === b ? 0 : netRate(tally, a, b);
  };
  const pairGrowth = grown.reduce((sum, g) => sum + g.net, 0);
  const extra = worse - better;
  const summary =
    `training with it ${costValue >= 0 ? 'costs' : 'gains'} ${Math.abs(costValue).toFixed(3)} of clean held-out accuracy ` +
    `(95% interval ${interval[0].toFixed(3)} to ${interval[1].toFixed(3)}; ${nullAccuracy.toFixed(3)} -> ${withAccuracy.toFixed(3)}; ` +
    `McNemar p = ${formatP(pValue)}, ${worse} images lost and ${better} gained of ${heldOut} in ${tally.rounds} round${tally.rounds === 1 ? '' : 's'})`;
  if (decision === 'costs') {
    const named = classes.length > 2 && grown.length > 0 && pairGrowth >= thresholds.pairShare * extra;
    const pairs = named ? grown.flatMap((g) => [g.pair, g.reverse]) : [];
    const pairText = grown.map((g) => `${g.pair.from} <-> ${g.pair.to} +${g.net} (p = ${formatP(g.p)})`);
    return {
      cost,
      verdict: named ? 'breaks' : 'risky',
      pairs,
      rateOf,
      reason: named
        ? `${summary}, above the margin ${margin.toFixed(3)}; the extra errors are mostly confusions ${pairText.join(', ')}: the transformed copies teach one class what another looks like`
        : `${summary}, above the margin ${margin.toFixed(3)}${pairText.length ? `; confusions ${pairText.join(', ')} carry less than ${Math.round(thresholds.pairShare * 100)}% of the extra errors` : ''}: the transformed copies blur what tells the classes apart`,
    };
  }
  return {
    cost,
    verdict: 'safe',
    pairs: [],
    rateOf,
    reason:
      decision === 'noCost'
        ? `${summary}: below the margin ${margin.toFixed(3)} with 95% confidence`
        : `${summary}: no significant cost above the margin ${margin.toFixed(3)}, but the interval reaches it`,
  };
}

interface PairGrowth {
  pair: LabelPair;
  reverse: LabelPair;
  net: number;
  p: number;
}

/** Pairs {a, b} whose confusion grew (a read as b plus b read as a) more than it shrank, significantly. */
function significantPairs(tally: CostTally, alpha: number): PairGrowth[] {
  const { classes, moved, restored } = tally;
  const k = classes.length;
  const tests = (k * (k - 1)) / 2;
  const rate = (from: number, to: number) => netRate(tally, from, to);
  const out: PairGrowth[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const grew = moved[a * k + b] + moved[b * k + a];
      const shrank = restored[a * k + b] + restored[b * k + a];
      const p = Math.min(1, binomialTail(grew, grew + shrank) * tests);
      if (grew <= shrank || p >= alpha) continue;
      const pair = (from: number, to: number): LabelPair => ({
        from: classes[from],
        to: classes[to],
        rate: rate(from, to),
        source: 'measured',
        pValue: roundP(p),
      });
      const [first, second] = rate(a, b) >= rate(b, a) ? [a, b] : [b, a];
      out.push({ pair: pair(first, second), reverse: pair(second, first), net: grew - shrank, p });
    }
  }
  return out.sort((x, y) => y.net - x.net || x.p - y.p);
}

function netRate(tally: CostTally, from: number, to: number): number {
  const k = tally.classes.length;
  const support = tally.support[from];
  return support ? round4((tally.moved[from * k + to] - tally.restored[from * k + to]) / support) : 0;
}

/** p-values keep 3 significant digits (a p of 1e-12 must not print as 0). */
function roundP(p: number): number {
  return p === 0 ? 0 : Number(p.toPrecision(3));
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
