/** Which report the panel's tabs show while an analysis streams partial reports, and how it is marked (pure). */
import type { AnalyzeProgress } from '../src/core/engine/analyzeOptions';
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

/**
 * "Partial results: 1,200 of 5,000 files analysed; the figures below cover 1,000 of them. …" — the one counter
 * while a partial is shown: the run's live progress (never below the snapshot's, which can arrive first) and how
 * many files the figures shown come from, so the progress line and the marker cannot disagree.
 */
export function partialMarkerText(mark: PartialMark, live?: AnalyzeProgress | null): string {
  const done = Math.max(mark.done, live?.done ?? 0);
  const scanning = live ? live.scanning : mark.scanning;
  const total = `${formatCount(Math.max(live?.total ?? 0, mark.total))}${scanning ? '+' : ''}`;
  const figures = live ? `; the figures below cover ${formatCount(mark.done)} of them` : '';
  return (
    `Partial results: ${formatCount(done)} of ${total} files analysed` +
    `${scanning ? ' (the folder is still being listed)' : ''}${figures}. ` +
    'Figures will change until the analysis finishes; class balance, duplicates and leakage are provisional.'
  );
}
