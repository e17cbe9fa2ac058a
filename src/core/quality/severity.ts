import type { QualityKind } from './qualityKinds';
import type { QualityThresholds } from './qualityOptions';

/** Of a kind summarised (found in most images), this many of its worst images are still listed. */
export const WORST_EXAMPLES = 50;

/** The bounds sqrt(w*h) must stay within (odd_size), known once the whole dataset is in. */
export interface SizeBounds {
  low: number;
  high: number;
}

/**
 * How far past its threshold a finding lies, 0..1: 0 at the threshold, 1 at the extreme (a black image is as dark
 * as it gets). Checks with no degree (grey pictures stored as colour, duplicates, leakage, unreadable files) are 1.
 * One scale for every kind, so a table of all findings can be sorted by it.
 */
export function severity(kind: QualityKind, score: number, t: QualityThresholds, size: SizeBounds): number {
  switch (kind) {
    case 'dark':
      return below(score, t.dark);
    case 'odd_aspect_ratio':
      return below(score, t.oddAspectRatio);
    case 'low_information':
      return below(score, t.lowInformation);
    case 'blurry':
      return below(score, t.blurry);
    case 'light':
      return t.light >= 1 ? 1 : clamp((score - t.light) / (1 - t.light));
    case 'odd_size':
      return score < size.low ? below(score, size.low) : clamp((score - size.high) / score);
    default:
      return 1;
  }
}

/** 0..1: how far under `threshold` a score lies, relative to the threshold. */
function below(score: number, threshold: number): number {
  return threshold > 0 ? clamp((threshold - score) / threshold) : 1;
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1;
}
