import { readFileSync } from 'node:fs';
import { analyzeDataset } from '../engine/analyzeDataset';
import { UsageError, messageOf } from '../util/errors';

/** Normalization constants on the 0..1 scale (after dividing by 255), featurewise over every pixel. */
export interface NormalizationConstants {
  mean: number[];
  std: number[];
  /** Where they come from, for the generated code's comment. */
  source: string;
}

/** Reads mean/std from a `dataset-lens analyze --json` report. */
export function normalizationFromReport(file: string): NormalizationConstants {
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read analyze report ${file}: ${messageOf(error)}`);
  }
  const stats = (report as { stats?: { mean?: unknown; std?: unknown } } | null)?.stats;
  if (!stats || !isNumbers(stats.mean) || !isNumbers(stats.std) || stats.mean.length !== stats.std.length) {
    throw new UsageError(
      `${file} has no stats.mean / stats.std: expected the JSON of "dataset-lens analyze --json"`,
    );
  }
  return { mean: stats.mean, std: stats.std, source: `analyze report ${file}` };
}

/** Computes mean/std with the analysis engine (exact, featurewise). */
export async function normalizationFromDataset(
  dir: string,
  signal?: AbortSignal,
): Promise<NormalizationConstants> {
  const report = await analyzeDataset(dir, {}, { signal });
  if (!report.stats)
    throw new UsageError(`No decodable images in ${dir}: cannot compute normalization constants`);
  return {
    mean: report.stats.mean,
    std: report.stats.std,
    source: `dataset-lens analyze of ${dir} (${report.images} images)`,
  };
}

function isNumbers(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
