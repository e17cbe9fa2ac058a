import { invalidOption } from '../util/errors';

/** Thresholds of the per-image quality checks (CleanVision's defaults where it has the check). */
export interface QualityThresholds {
  /** dark: 99th percentile of brightness below this. */
  dark: number;
  /** light: 5th percentile of brightness above this. */
  light: number;
  /** odd_aspect_ratio: min(w/h, h/w) below this. */
  oddAspectRatio: number;
  /** odd_size: sqrt(w*h) outside [Q1 - k IQR, Q3 + k IQR] of the dataset, k = this. */
  oddSizeIqr: number;
  /** low_information: entropy (bits) below this. */
  lowInformation: number;
  /**
   * blurry: sharpness score below this (flat images have no score and are never blurry). Calibrated on the
   * bundled sample: originals score 0.29..1.58, the same after a Gaussian blur of sigma 2 score 0.04..0.14.
   */
  blurry: number;
  /**
   * near_duplicate: perceptual hashes (imagehash.phash) at most this many bits apart (of 64). 0 = identical hash,
   * the rule CleanVision applies to its hashes. Hashes have 32 bits set, so distances are even; larger values
   * catch more edits, each still confirmed on the pixels (nearDuplicateThumbnailDistance).
   */
  nearDuplicateDistance: number;
  /**
   * near_duplicate: and their 16x16 thumbnails at most this far apart (see thumbnailDistance). A 64-bit hash of
   * a small image is not evidence on its own: look-alike items of a small-image dataset share hashes. The default
   * sits between re-encoded, resized or mildly brightened copies and distinct look-alikes (docs/quality-checks.md).
   */
  nearDuplicateThumbnailDistance: number;
  /** A kind found in more than this fraction of images is summarised, not listed file by file. */
  summariseAbove: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  dark: 0.32,
  light: 0.95,
  oddAspectRatio: 0.35,
  oddSizeIqr: 3,
  lowInformation: 3,
  blurry: 0.2,
  nearDuplicateDistance: 0,
  nearDuplicateThumbnailDistance: 0.08,
  summariseAbove: 0.5,
};

const RANGES: Record<keyof QualityThresholds, [number, number]> = {
  dark: [0, 1],
  light: [0, 1],
  oddAspectRatio: [0, 1],
  oddSizeIqr: [0, 100],
  lowInformation: [0, 16],
  blurry: [0, 100],
  nearDuplicateDistance: [0, 32],
  nearDuplicateThumbnailDistance: [0, 2],
  summariseAbove: [0, 1],
};

/** Defaults overlaid with the user's values, each checked: unknown names and out-of-range values are errors. */
export function resolveThresholds(partial: Partial<Record<string, unknown>> = {}): QualityThresholds {
  const out = { ...DEFAULT_QUALITY_THRESHOLDS };
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    if (!(key in RANGES))
      throw invalidOption('quality threshold name', `one of ${Object.keys(RANGES).join(', ')}`, key);
    const [min, max] = RANGES[key as keyof QualityThresholds];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw invalidOption(`quality.${key}`, `a number between ${min} and ${max}`, value);
    }
    if (key === 'nearDuplicateDistance' && !Number.isInteger(value))
      throw invalidOption('quality.nearDuplicateDistance', 'an integer between 0 and 32', value);
    out[key as keyof QualityThresholds] = value;
  }
  return out;
}
