import type { DatasetReport } from '../engine/report';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { lookOfReport } from './datasetLook';
import { resolveProbeThresholds } from './probeThresholds';
import type { LabelSafetyReport } from './probeTypes';
import { classesOfReport, NUMBERED_CLASSES_NOTE } from './ruleCommon';
import { labelRules } from './rules';
import { transformSafety } from './transformSafety';

const UNMEASURED_CLI = 'not measured (rules only): run `dataset-lens probe` or analyze --probe to measure';

/**
 * The fast label-safety check of `analyze --pipeline`: rules only, from the report's class names and image
 * properties (no pixels, no model). `dataset-lens probe` measures; `unmeasured` says how, where it is read.
 */
export function labelSafetyFromReport(
  report: DatasetReport,
  pipeline: Pipeline,
  unmeasured = UNMEASURED_CLI,
): LabelSafetyReport {
  const started = Date.now();
  const look = lookOfReport(report);
  const named = classesOfReport(report);
  const rules = labelRules(pipeline, { ...named, look });
  return {
    mode: 'rules',
    cleanAccuracy: null,
    judgeable: false,
    judgeableThreshold: null,
    backend: null,
    features: null,
    sample: null,
    thresholds: resolveProbeThresholds(),
    look,
    transforms: transformSafety(pipeline, rules, [], unmeasured),
    rules,
    warnings: named.numberedClasses ? [NUMBERED_CLASSES_NOTE] : [],
    failures: [],
    durationMs: Date.now() - started,
  };
}
