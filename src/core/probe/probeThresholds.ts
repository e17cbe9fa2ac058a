import { didYouMean } from '../pipeline/didYouMean';
import { UsageError, invalidOption } from '../util/errors';
import type { ProbeThresholds } from './probeTypes';

/**
 * Defaults. None is fitted to a dataset; each says what a user would accept:
 * - alpha 0.01: a step is called costly only when the paired test says so at 1%, per step and per pair
 *   (Bonferroni over the class pairs), so chance alone flags about one step in a hundred.
 * - marginFloor 0.01, marginShare 0.25: a cost matters when training with the step adds a quarter to the null
 *   model's held-out errors, and at least one point of accuracy (a digits model at 97% may lose one point, a
 *   Fashion-MNIST model at 84% four). Below it a transform is a matter of taste, not of labels. A floor of one
 *   point can be confirmed (an interval below it) from about 200 held-out predictions without a changed one.
 * - pairShare 0.5: `breaks` names class pairs only when their confusion carries at least half the extra errors.
 * - minAccuracy 0.5, minAboveChance 0.5: the null model must be at least halfway from chance to perfect
 *   (0.75 for 2 classes, 0.6 for 5, 0.55 for 10) before its errors say anything about a transform.
 */
export const DEFAULT_PROBE_THRESHOLDS: Readonly<ProbeThresholds> = {
  alpha: 0.01,
  marginFloor: 0.01,
  marginShare: 0.25,
  pairShare: 0.5,
  minAccuracy: 0.5,
  minAboveChance: 0.5,
};

const NAMES = Object.keys(DEFAULT_PROBE_THRESHOLDS) as (keyof ProbeThresholds)[];

/** Defaults with `overrides` applied; unknown names and out-of-range values are UsageErrors naming them. */
export function resolveProbeThresholds(overrides: Partial<ProbeThresholds> = {}): ProbeThresholds {
  const out: ProbeThresholds = { ...DEFAULT_PROBE_THRESHOLDS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(NAMES as string[]).includes(name)) {
      throw new UsageError(
        `Unknown probe threshold "${name}".${didYouMean(name, NAMES)} Known: ${NAMES.join(', ')}`,
      );
    }
    const key = name as keyof ProbeThresholds;
    if (key === 'alpha') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 0.5)
        throw invalidOption('alpha', 'a number above 0 and below 0.5', value);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw invalidOption(name, 'a number between 0 and 1', value);
    }
    out[key] = value;
  }
  return out;
}

/** The clean held-out accuracy the null model needs before its verdicts mean anything. */
export function judgeableThreshold(thresholds: ProbeThresholds, classes: number): number {
  const chance = 1 / Math.max(1, classes);
  return Math.max(thresholds.minAccuracy, chance + thresholds.minAboveChance * (1 - chance));
}
