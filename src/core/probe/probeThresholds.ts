import { didYouMean } from '../pipeline/didYouMean';
import { UsageError, invalidOption } from '../util/errors';
import type { ProbeThresholds } from './probeTypes';

/**
 * Defaults, measured on the generated sets of test/unit/probe*.test.ts (digits 0 1 6 7 9; mirror-symmetric shapes):
 * - pairRate 0.5: "mostly". A 180°-turned 6 becomes a 9 at 1.00; mirrored symmetric shapes move at <= 0.2.
 * - maxDistanceRatio 1.5: turned 6s sit among real 9s (ratio 0.9-1.3 over 8 generated sets and seeds); mirrored
 *   9s filed under 0, blurred or blacked-out shapes filed under one class are far from real members (2.2-3.9).
 * - sinkRate 0.3: when the other classes also turn into convincing members of the target, it is a sink.
 * - minSupport 5: with fewer clean-correct images a rate of 0.5 is a coin toss.
 * - riskyDrop 0.15: well above the noise of a small held-out set (the symmetric set's mirror costs 0.05), and a
 *   loss of label information no training recipe should accept silently.
 * - minAccuracy 0.5, minAboveChance 0.5: the clean model must be at least halfway from chance to perfect
 *   (0.75 for 2 classes, 0.6 for 5, 0.55 for 10) before its mistakes say anything about a transform. (The brief's
 *   max(0.5, 2 / classes) would ask 1.0 of a two-class model.)
 * - reportRate 0.2: smaller rates are noise of a small held-out set.
 */
export const DEFAULT_PROBE_THRESHOLDS: Readonly<ProbeThresholds> = {
  pairRate: 0.5,
  sinkRate: 0.3,
  maxDistanceRatio: 1.5,
  minSupport: 5,
  riskyDrop: 0.15,
  minAccuracy: 0.5,
  minAboveChance: 0.5,
  reportRate: 0.2,
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
    if (key === 'minSupport') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw invalidOption('minSupport', 'an integer >= 1', value);
    } else if (key === 'maxDistanceRatio') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 1)
        throw invalidOption('maxDistanceRatio', 'a number >= 1', value);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw invalidOption(name, 'a number between 0 and 1', value);
    }
    out[key] = value;
  }
  return out;
}

/** The clean held-out accuracy the model needs before its verdicts mean anything. */
export function judgeableThreshold(thresholds: ProbeThresholds, classes: number): number {
  const chance = 1 / Math.max(1, classes);
  return Math.max(thresholds.minAccuracy, chance + thresholds.minAboveChance * (1 - chance));
}
