import type { DatasetReport } from '../engine/report';
import { defaultPipelineJson, type PipelineJson } from '../pipeline/defaultPipeline';
import { validatePipeline } from '../pipeline/validatePipeline';
import { lookOfReport } from './datasetLook';
import { labelRules } from './rules';
import { classesOfReport, type RuleContext } from './ruleCommon';

export interface DatasetDefault {
  pipeline: PipelineJson;
  /** Steps of the recipe left out, with the rules' reasons. */
  dropped: { name: string; reasons: string[] }[];
}

/**
 * The default recipe without the steps the label-safety rules flag for this dataset (a horizontal flip for
 * digits, mirrors for classes named left and right): a default must never be what the panel then warns about.
 */
export function defaultPipelineFor(context: RuleContext): DatasetDefault {
  const recipe = defaultPipelineJson();
  const findings = labelRules(validatePipeline(recipe), context);
  const dropped: DatasetDefault['dropped'] = [];
  const transforms = recipe.transforms.filter((step, index) => {
    const reasons = findings.filter((f) => f.index === index).map((f) => `${f.rule} rule: ${f.reason}`);
    if (reasons.length) dropped.push({ name: step.name, reasons });
    return reasons.length === 0;
  });
  return { pipeline: { ...recipe, transforms }, dropped };
}

/**
 * defaultPipelineFor from an analysis report: its class names and the images' look. Its crop outputs the
 * recommended input size (docs/report-schema.md#sizes-and-shapes), so the preview shows what training will see.
 */
export function defaultPipelineForReport(report: DatasetReport): DatasetDefault {
  const found = defaultPipelineFor({ ...classesOfReport(report), look: lookOfReport(report) });
  const side = report.properties.shape?.recommended.side;
  if (!side) return found;
  const transforms = found.pipeline.transforms.map((step) =>
    step.name === 'randomResizedCrop' ? { ...step, size: [side, side] as const } : step,
  );
  return { ...found, pipeline: { ...found.pipeline, transforms } };
}
