import { round4 } from '../augment/transform';
import type { PairRate, ProbeThresholds, Verdict, VariantMeasure } from './probeTypes';

/** Labels of the held-out images: the truth and the clean model's prediction, the baseline of every measure. */
export interface Baseline {
  truth: Int32Array;
  clean: Int32Array;
  classes: readonly string[];
  cleanAccuracy: number;
}

export interface JudgedVariant extends VariantMeasure {
  /** Why the verdict, in one sentence (empty for safe). */
  reason: string;
}

/**
 * Compares predictions after a transform with the clean ones. Label changes are counted only on images the model
 * got right when clean, so a rate says what the transform did, not what the model never knew.
 * - breaks: a class c (with >= minSupport such images) goes mostly (>= pairRate) to one other class d; the
 *   moved images look like real d images (distance ratio <= maxDistanceRatio: see Typicality), not like nothing
 *   the model has seen; and d is no sink: the other classes turn into convincing d's at a mean rate < sinkRate.
 *   With two classes there is no other class to tell a sink from a swap: d must then turn into c as well.
 * - risky: accuracy drops by >= riskyDrop.
 */
export function judgeVariant(
  base: Baseline,
  after: Int32Array,
  thresholds: ProbeThresholds,
  distanceRatio: (from: number, to: number) => number = () => 1,
): JudgedVariant {
  const k = base.classes.length;
  const support = new Array<number>(k).fill(0);
  const moved = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < base.truth.length; i++) {
    const t = base.truth[i];
    if (after[i] === t) correct++;
    if (base.clean[i] !== t) continue;
    support[t]++;
    moved[t][after[i]]++;
  }
  const accuracy = base.truth.length ? correct / base.truth.length : 0;
  const accuracyDrop = round4(base.cleanAccuracy - accuracy);
  const judged = (c: number) => support[c] >= thresholds.minSupport;
  const rate = (c: number, d: number) => (support[c] ? moved[c][d] / support[c] : 0);
  const ratios = new Map<number, number>();
  const ratio = (c: number, d: number) => {
    if (!ratios.has(c * k + d)) ratios.set(c * k + d, distanceRatio(c, d));
    return ratios.get(c * k + d)!;
  };

  const pairs: PairRate[] = [];
  for (let c = 0; c < k; c++) {
    if (!judged(c)) continue;
    for (let d = 0; d < k; d++) {
      if (d !== c && rate(c, d) >= thresholds.reportRate) {
        const pair: PairRate = {
          from: base.classes[c],
          to: base.classes[d],
          rate: round4(rate(c, d)),
          support: support[c],
        };
        if (rate(c, d) >= thresholds.pairRate) pair.distanceRatio = round4(ratio(c, d));
        pairs.push(pair);
      }
    }
  }
  pairs.sort(byRate);

  const reasons: string[] = [];
  let sinkNote = '';
  // A move counts as a change of label only when the moved images look like real members of the target.
  const convincing = (c: number, d: number) => moved[c][d] > 0 && ratio(c, d) <= thresholds.maxDistanceRatio;
  for (let c = 0; c < k; c++) {
    if (!judged(c)) continue;
    for (let d = 0; d < k; d++) {
      if (d === c || rate(c, d) < thresholds.pairRate) continue;
      const from = base.classes[c];
      const to = base.classes[d];
      const moves = `${pct(rate(c, d))} of the held-out "${from}" images the model reads correctly become "${to}"`;
      if (!convincing(c, d)) {
        sinkNote ||= `${moves}, but they look unlike real "${to}" images (distance ratio ${ratio(c, d).toFixed(2)}): destroyed, not swapped`;
        continue;
      }
      const others = Array.from({ length: k }, (_, e) => e).filter((e) => e !== c && e !== d && judged(e));
      if (others.length) {
        const sink = others.reduce((sum, e) => sum + (convincing(e, d) ? rate(e, d) : 0), 0) / others.length;
        if (sink < thresholds.sinkRate) {
          reasons.push(
            `${moves}, and look like real "${to}" images (distance ratio ${ratio(c, d).toFixed(2)}; other classes into "${to}": ${pct(sink)} on average)`,
          );
        } else {
          sinkNote ||= `most classes turn into "${to}" (${pct(sink)} on average): a sink, not a swap`;
        }
      } else if (judged(d) && rate(d, c) >= thresholds.pairRate && convincing(d, c)) {
        reasons.push(`${moves}, and ${pct(rate(d, c))} of "${to}" become "${from}": the two swap`);
      } else {
        sinkNote ||= `${moves}, but with two classes a one-way move cannot be told from a collapse`;
      }
    }
  }
  let verdict: Verdict = 'safe';
  let reason = '';
  const dropText = `accuracy drops by ${accuracyDrop.toFixed(2)} (${base.cleanAccuracy.toFixed(2)} -> ${accuracy.toFixed(2)})`;
  if (reasons.length) {
    verdict = 'breaks';
    reason = reasons.join('; ');
  } else if (accuracyDrop >= thresholds.riskyDrop) {
    verdict = 'risky';
    reason = sinkNote ? `${dropText}; ${sinkNote}` : dropText;
  }
  return { accuracy: round4(accuracy), accuracyDrop, verdict, pairs, reason };
}

export function byRate(a: PairRate, b: PairRate): number {
  return (
    b.rate - a.rate || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)
  );
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}
