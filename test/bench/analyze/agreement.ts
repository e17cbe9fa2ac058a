import type { PeerStatsOutput } from '../peers/peers';
import type { OursReport } from './runSet';

/** Mean/std agreement required on lossless data (the report promises exact statistics). */
export const EXACT_TOLERANCE = 1e-6;

export interface Agreement {
  imagesOurs: number;
  imagesPeer: number;
  imagesEqual: boolean;
  channelsEqual: boolean;
  maxMeanDiff: number;
  maxStdDiff: number;
  histogramBinsDiffering: number;
  histogramMaxBinDiff: number;
  /** Sum of |bin differences| over all pixels counted. */
  histogramL1Fraction: number;
  exact: boolean;
  pass: boolean;
  criterion: string;
}

interface StatsDiff {
  imagesEqual: boolean;
  channelsEqual: boolean;
  maxMeanDiff: number;
  maxStdDiff: number;
  binsDiffering: number;
  maxBinDiff: number;
  l1Fraction: number;
}

/**
 * Our statistics against the peer's (OpenCV) on the same files in the same run: every run of ours (the cached
 * ones too) against every run of the peer's, so a cache or nondeterminism bug shows. Lossy data: decoders may
 * legitimately differ by a grey level on some pixels, so only lossless data must agree exactly.
 */
export function checkAgreement(
  lossless: boolean,
  oursRuns: readonly OursReport[],
  peerRuns: readonly PeerStatsOutput[],
): Agreement {
  const diffs = oursRuns.flatMap((ours) => peerRuns.map((peer) => compareStats(ours, peer)));
  const worst = {
    imagesOurs: oursRuns[0]?.images ?? NaN,
    imagesPeer: peerRuns[0]?.images ?? NaN,
    imagesEqual: diffs.every((d) => d.imagesEqual),
    channelsEqual: diffs.every((d) => d.channelsEqual),
    maxMeanDiff: Math.max(...diffs.map((d) => d.maxMeanDiff)),
    maxStdDiff: Math.max(...diffs.map((d) => d.maxStdDiff)),
    histogramBinsDiffering: Math.max(...diffs.map((d) => d.binsDiffering)),
    histogramMaxBinDiff: Math.max(...diffs.map((d) => d.maxBinDiff)),
    histogramL1Fraction: Math.max(...diffs.map((d) => d.l1Fraction)),
  };
  const exact =
    diffs.length > 0 &&
    worst.imagesEqual &&
    worst.channelsEqual &&
    worst.maxMeanDiff <= EXACT_TOLERANCE &&
    worst.maxStdDiff <= EXACT_TOLERANCE &&
    worst.histogramBinsDiffering === 0;
  const pass = lossless ? exact : diffs.length > 0 && worst.imagesEqual && worst.channelsEqual;
  return { ...worst, exact, pass, criterion: lossless ? 'exact' : 'report only (decoders differ)' };
}

export function compareStats(ours: OursReport, peer: PeerStatsOutput): StatsDiff {
  const imagesEqual = ours.images === peer.images;
  const a = ours.stats;
  if (!a || a.histogram.length !== peer.histogram.length)
    return {
      imagesEqual,
      channelsEqual: false,
      maxMeanDiff: Infinity,
      maxStdDiff: Infinity,
      binsDiffering: Infinity,
      maxBinDiff: Infinity,
      l1Fraction: Infinity,
    };
  let binsDiffering = 0;
  let maxBinDiff = 0;
  let l1 = 0;
  let total = 0;
  a.histogram.forEach((row, c) =>
    row.forEach((count, v) => {
      const d = Math.abs(count - (peer.histogram[c][v] ?? 0));
      if (d) binsDiffering++;
      maxBinDiff = Math.max(maxBinDiff, d);
      l1 += d;
      total += count;
    }),
  );
  return {
    imagesEqual,
    channelsEqual: true,
    maxMeanDiff: maxAbsDiff(a.mean, peer.mean),
    maxStdDiff: maxAbsDiff(a.std, peer.std),
    binsDiffering,
    maxBinDiff,
    l1Fraction: total ? l1 / total : 0,
  };
}

function maxAbsDiff(xs: readonly number[], ys: readonly number[]): number {
  return Math.max(...xs.map((x, i) => Math.abs(x - ys[i])));
}
