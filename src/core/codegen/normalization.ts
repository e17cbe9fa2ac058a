import { readFileSync } from 'node:fs';
import { analyzeDataset } from '../engine/analyzeDataset';
import { UsageError, messageOf } from '../util/errors';
import { factsOfReport, type DatasetFacts, type ReportFacts } from './datasetFacts';

/** Mean/std and median image size from a `dataset-lens analyze --json` report. */
export function factsFromReportFile(file: string): DatasetFacts {
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read analyze report ${file}: ${messageOf(error)}`);
  }
  const facts =
    report !== null && typeof report === 'object'
      ? factsOfReport(report as ReportFacts, 'analyze report', file)
      : {};
  if (!facts.normalization) {
    throw new UsageError(
      `${file} has no stats.mean / stats.std: expected the JSON of "dataset-lens analyze --json"`,
    );
  }
  return facts;
}

/** Computes mean/std (exact, featurewise) and the median size with the analysis engine. */
export async function factsFromDataset(dir: string, signal?: AbortSignal): Promise<DatasetFacts> {
  const report = await analyzeDataset(dir, {}, { signal });
  if (!report.stats)
    throw new UsageError(`No decodable images in ${dir}: cannot compute normalization constants`);
  return factsOfReport(report, 'dataset-lens analyze of', dir);
}
