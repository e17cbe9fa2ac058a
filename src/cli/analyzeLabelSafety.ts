import type { DatasetReport } from '../core/engine/report';
import type { Pipeline } from '../core/pipeline/pipelineTypes';
import { labelSafetyFromReport } from '../core/probe/labelSafetyFromReport';
import { probeLabelSafety } from '../core/probe/probeLabelSafety';
import type { LabelSafetyReport } from '../core/probe/probeTypes';
import { UsageError } from '../core/util/errors';
import { withCancellation } from './cancellation';
import { probeProgressBar } from './commands/probeCommand';

export interface AnalyzeLabelSafetyFlags {
  pipeline?: string;
  probe?: boolean;
  labels?: string;
  classNames?: string;
  followExternalLinks?: boolean;
  maxPixels?: number;
}

export function checkLabelSafetyFlags(flags: AnalyzeLabelSafetyFlags): void {
  if (flags.probe && !flags.pipeline)
    throw new UsageError('--probe needs --pipeline <file> to know what to measure');
}

/**
 * `analyze --pipeline`: the rule-based label-safety warnings from the finished report (instant); with --probe,
 * the measured probe instead, run after the analysis.
 */
export async function analyzeLabelSafety(
  dir: string,
  report: DatasetReport,
  pipeline: Pipeline,
  flags: AnalyzeLabelSafetyFlags,
): Promise<LabelSafetyReport> {
  if (!flags.probe) return labelSafetyFromReport(report, pipeline);
  const progress = probeProgressBar();
  try {
    return await withCancellation((signal) =>
      probeLabelSafety(dir, pipeline, {
        labelsCsv: flags.labels,
        classNames: flags.classNames,
        followExternalLinks: flags.followExternalLinks,
        maxPixels: flags.maxPixels,
        signal,
        onProgress: (p) => progress.update(p),
      }),
    );
  } finally {
    progress.stop();
  }
}
