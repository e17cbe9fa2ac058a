import { analyzeDataset } from '../engine/analyzeDataset';
import type { DatasetReport } from '../engine/report';
import { UsageError } from '../util/errors';
import { parseJsonInput, readInputText } from '../util/inputFile';
import { factsOfReport, type DatasetFacts, type ReportFacts } from './datasetFacts';

/** A report of a million flagged files stays below this; reading more would only fill memory. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Mean/std and median image size from a `dataset-lens analyze --json` report. */
export function factsFromReportFile(file: string): DatasetFacts {
  return factsFromReportJson(readReportFile(file), file);
}

/** factsFromReportFile for a report already read (`file` names it in messages). */
export function factsFromReportJson(report: unknown, file: string): DatasetFacts {
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

/** The parsed JSON of a `dataset-lens analyze --json` report file (bounded; a bad file is a one-line error). */
export function readReportFile(file: string): unknown {
  return parseJsonInput(readInputText(file, 'analyze report', MAX_REPORT_BYTES), file);
}

/** The analysis of `dir` that code export reads (mean/std, median size, classes); refuses a folder without images. */
export async function analyseForCode(dir: string, signal?: AbortSignal): Promise<DatasetReport> {
  const report = await analyzeDataset(dir, {}, { signal });
  if (!report.stats)
    throw new UsageError(`No decodable images in ${dir}: cannot compute normalization constants`);
  return report;
}
