import { analyzeDataset } from '../engine/analyzeDataset';
import { UsageError } from '../util/errors';
import { parseJsonInput, readInputText } from '../util/inputFile';
import { factsOfReport, type DatasetFacts, type ReportFacts } from './datasetFacts';

/** A report of a million flagged files stays below this; reading more would only fill memory. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Mean/std and median image size from a `dataset-lens analyze --json` report. */
export function factsFromReportFile(file: string): DatasetFacts {
  const report = parseJsonInput(readInputText(file, 'analyze report', MAX_REPORT_BYTES), file);
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
