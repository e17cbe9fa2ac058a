import { isDeepStrictEqual } from 'node:util';
import type { Pipeline } from '../pipeline/pipelineTypes';
import type { LabelSafetyReport } from './probeTypes';

/** A probe's result with the (validated) pipeline it measured. */
export interface ProbeRun {
  pipeline: Pipeline;
  report: LabelSafetyReport;
}

/**
 * The rules' label safety of `pipeline` (labelSafetyFromReport) where each step the probe measured in the same
 * form (same transform, p and options) takes the probe's verdict. The probe trains with every step alone, so its
 * measurement of a step holds wherever the step moved and whatever else the pipeline holds; a step edited since
 * is judged by the rules again. The probe's facts (features, accuracy, sample) come along when a step matched.
 */
export function withMeasurements(
  rules: LabelSafetyReport,
  pipeline: Pipeline,
  probe: ProbeRun | null | undefined,
): LabelSafetyReport {
  if (!probe) return rules;
  let matched = 0;
  const transforms = pipeline.steps.map((step, index) => {
    const at = probe.pipeline.steps.findIndex((probed) => isDeepStrictEqual(probed, step));
    const measured = at >= 0 ? probe.report.transforms[at] : undefined;
    if (!measured) return rules.transforms[index];
    matched++;
    return { ...measured, index };
  });
  if (matched === 0) return rules;
  return { ...probe.report, transforms, rules: rules.rules };
}
