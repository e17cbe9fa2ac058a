import type { MeanStd } from './normalizationCode';

/** Normalization constants on the 0..1 scale (after dividing by 255), featurewise over every pixel. */
export interface NormalizationConstants extends MeanStd {
  /** How they were computed, in our words ("analyze report", "Dataset Lens analysis of"). */
  source: string;
  /** The user's report file or dataset folder; generated code shows it only as a string literal. */
  path?: string;
  images?: number;
}

/** What code export knows about the dataset. */
export interface DatasetFacts {
  normalization?: NormalizationConstants;
  /** Median [height, width] of the images: IMAGE_SIZE where a library needs one fixed output size. */
  imageSize?: readonly [number, number];
}

/** The parts of a report (the panel's, or the JSON of `analyze --json`) that code export reads. */
export interface ReportFacts {
  images?: unknown;
  stats?: { mean?: unknown; std?: unknown } | null;
  properties?: { width?: { median?: unknown } | null; height?: { median?: unknown } | null } | null;
}

/** Mean/std and median size from a report; either is absent when the report does not have it. */
export function factsOfReport(report: ReportFacts, source: string, path: string): DatasetFacts {
  const { stats, properties } = report;
  const mean = stats?.mean;
  const std = stats?.std;
  const normalization =
    isNumbers(mean) && isNumbers(std) && mean.length === std.length
      ? { mean, std, source, path, images: typeof report.images === 'number' ? report.images : undefined }
      : undefined;
  const height = properties?.height?.median;
  const width = properties?.width?.median;
  const imageSize =
    isPositive(height) && isPositive(width) ? ([Math.round(height), Math.round(width)] as const) : undefined;
  return { normalization, imageSize };
}

export function isNumbers(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1;
}
