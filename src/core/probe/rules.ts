import type { Pipeline, PipelineStep } from '../pipeline/pipelineTypes';
import { colourRules } from './colourRules';
import { glyphRules, lookRule } from './glyphRules';
import { orientationRules } from './orientationRules';
import type { RuleFinding, RuleId } from './probeTypes';
import type { Finding, RuleContext } from './ruleCommon';
import { stepFacts } from './stepFacts';

/**
 * Rules from class names and the dataset's look, for each step of the pipeline at its configured range. Each
 * finding names the transform, the classes behind it, the label pairs it maps onto each other and why.
 */
export function labelRules(pipeline: Pipeline, context: RuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  pipeline.steps.forEach((step, index) => {
    for (const finding of stepRules(step, context)) findings.push({ index, name: step.name, ...finding });
  });
  return findings;
}

function stepRules(step: PipelineStep, context: RuleContext): Finding[] {
  const facts = stepFacts(step);
  const glyphs = glyphRules(facts, context);
  const out = [...glyphs];
  // The look speaks only when the names did not: "class_a" / "class_b" folders of MNIST-like glyphs.
  if (!glyphs.length) out.push(...lookRule(facts, context.look));
  out.push(...orientationRules(facts, context.classes), ...colourRules(facts, context.classes));
  return out;
}

/** Rule ids in the order findings are reported (for docs and the panel's legend). */
export const RULE_IDS: readonly RuleId[] = [
  'digits',
  'letters',
  'text',
  'glyphLook',
  'orientation',
  'scene',
  'colour',
  'brightness',
];
