import type { DatasetReport } from '../../core/engine/report';
import { PipelineError, validatePipeline } from '../../core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../core/probe/labelSafetyFromReport';
import type { LabelSafetyReport } from '../../core/probe/probeTypes';
import { withMeasurements, type ProbeRun } from '../../core/probe/withMeasurements';
import type { LabelSafetyView, PipelineDocument } from '../../protocol/messages';
import { transformsKey } from '../../protocol/pipelineKey';

/** Why a step has no measurement, in the extension's words. */
export const UNMEASURED_IN_EDITOR =
  'not measured: "Dataset Lens: Probe Label Safety" trains a small model with each step on your images to measure it';

/**
 * The label safety of a pipeline document on the analysed dataset: the rules, with the measurement of each step
 * the probe measured in the same form. Null without a report with classes, or for an invalid pipeline (its
 * issues are shown instead).
 */
export function labelSafetyOf(
  report: DatasetReport | null,
  document: PipelineDocument,
  probe: ProbeRun | null,
): LabelSafetyReport | null {
  if (!report || report.classes.length === 0) return null;
  let pipeline;
  try {
    pipeline = validatePipeline(document);
  } catch (error) {
    if (error instanceof PipelineError) return null;
    throw error;
  }
  return withMeasurements(labelSafetyFromReport(report, pipeline, UNMEASURED_IN_EDITOR), pipeline, probe);
}

/** labelSafetyOf for the panel, tagged with the transforms it judged. */
export function labelSafetyView(
  report: DatasetReport | null,
  document: PipelineDocument,
  probe: ProbeRun | null,
): LabelSafetyView | null {
  const safety = labelSafetyOf(report, document, probe);
  return safety && { transforms: transformsKey(document), report: safety };
}
