import type { Pipeline } from '../pipeline/pipelineTypes';
import type { LabelPair, RuleFinding, RuleId, TransformSafety, Verdict } from './probeTypes';
import type { JudgedCost } from './stepCost';

const RANK = { safe: 0, risky: 1, breaks: 2 } as const;

export function worseVerdict<V extends Verdict>(a: V, b: V): V {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * One entry per pipeline step: the measured verdict (when there is one) and the rules' verdict, combined into the
 * verdict, with every reason in words a user can act on. The rules are a second opinion: a measurement that
 * found no cost with 95% confidence overrules their `risky` guesses (a glyph-like look, a colour word), never a
 * `breaks` (classes named left / right, 6 and 9: facts about the labels that a small model may not see).
 * `measured[i]` is undefined for steps the probe did not measure; `unmeasured` says why, for every step.
 */
export function transformSafety(
  pipeline: Pipeline,
  rules: readonly RuleFinding[],
  measured: readonly (JudgedCost | undefined)[],
  unmeasured?: string,
): TransformSafety[] {
  return pipeline.steps.map((step, index) => {
    const findings = rules.filter((r) => r.index === index);
    const ruleVerdict = findings.reduce<Verdict>((v, f) => worseVerdict(v, f.verdict), 'safe');
    const measure = measured[index];
    const reasons: string[] = [];
    if (measure) reasons.push(`measured: ${measure.reason}`);
    else if (step.p <= 0) reasons.push('p is 0: the step never runs');
    else if (unmeasured) reasons.push(unmeasured);
    const confident = measure?.cost.decision === 'noCost';
    const counted = confident ? findings.filter((f) => f.verdict === 'breaks') : findings;
    const overruled: RuleId[] = [];
    for (const finding of findings) {
      const kept = counted.includes(finding);
      if (!kept && !overruled.includes(finding.rule)) overruled.push(finding.rule);
      const note = kept ? '' : ' (overruled: training with it measured no cost)';
      reasons.push(`${finding.rule} rule: ${finding.reason}${note}`);
    }
    const measuredVerdict = measure?.verdict ?? null;
    return {
      index,
      name: step.name,
      p: step.p,
      verdict: counted.reduce<Verdict>((v, f) => worseVerdict(v, f.verdict), measuredVerdict ?? 'safe'),
      measuredVerdict,
      ruleVerdict,
      measured: measure?.cost ?? null,
      pairs: mergePairs(measure, counted),
      overruled,
      reasons,
    };
  });
}

/**
 * Measured pairs first, then each pair a counted rule names; a rule's pair that was measured carries the
 * measured rate (source `both`), one the model did not see keeps the rate of that direction on the held-out
 * images when measured (it may be 0), else null.
 */
function mergePairs(measure: JudgedCost | undefined, findings: readonly RuleFinding[]): LabelPair[] {
  const out: LabelPair[] = measure ? measure.pairs.map((p) => ({ ...p })) : [];
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  const seen = new Map(out.map((p) => [key(p.from, p.to), p]));
  for (const finding of findings) {
    for (const [from, to] of finding.pairs) {
      const known = seen.get(key(from, to));
      if (known) {
        known.source = 'both';
        continue;
      }
      const pair: LabelPair = { from, to, rate: measure ? measure.rateOf(from, to) : null, source: 'rule' };
      seen.set(key(from, to), pair);
      out.push(pair);
    }
  }
  return out;
}
