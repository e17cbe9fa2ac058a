/** Which report the panel's tabs show while an analysis streams partial reports, and how it is marked (pure). */
import type { DatasetReport, PartialMark } from '../src/core/engine/report';
import { formatCount } from './format';

/**
 * The report the Overview, Classes, Statistics and Quality tabs draw: the running analysis's latest partial
 * report when there is one (it is newer than the last finished report), otherwise the last finished report.
 */
export function shownReport(view: {
  report: DatasetReport | null;
  partial: DatasetReport | null;
  analysing: boolean;
}): DatasetReport | null {
  return (view.analysing && view.partial) || view.report;
}

/** "Partial results: 1,200 of 5,000 files analysed. …" — the marker above the tabs while a partial is shown. */
export function partialMarkerText(mark: PartialMark): string {
  const total = `${formatCount(mark.total)}${mark.scanning ? '+' : ''}`;
  return (
    `Partial results: ${formatCount(mark.done)} of ${total} files analysed` +
    `${mark.scanning ? ' (the folder is still being listed)' : ''}. ` +
    'Figures will change until the analysis finishes; duplicates and leakage are provisional.'
  );
}
