import type { Pipeline } from '../pipeline/pipelineTypes';
import { byRate, type JudgedVariant } from './judgeVariant';
import { worseVerdict, type StepMeasure } from './measureStep';
import type { PairRate, RuleFinding, TransformSafety, VariantMeasure, Verdict } from './probeTypes';

/**
 * One entry per pipeline step: the measured verdict (when there is one) and the rules' verdict, the worse of
 * them as the verdict (the look rule only counts for unmeasured steps), and every reason in words a user can act on.
 * `measured[i]` is undefined for steps the probe did not measure; `unmeasured` says why, for every step.
 */
export function transformSafety(
  pipeline: Pipeline,
  rules: readonly RuleFinding[],
  measured: readonly (StepMeasure | undefined)[],
  unmeasured?: string,
): TransformSafety[] {
  return pipeline.steps.map((step, index) => {
    const findings = rules.filter((r) => r.index === index);
    const ruleVerdict = findings.reduce<Verdict>((v, f) => worseVerdict(v, f.verdict), 'safe');
    const measure = measured[index];
    const reasons: string[] = [];
    let measuredVerdict: Verdict | null = null;
    if (measure) {
      const { strongest, configured } = measure;
      measuredVerdict = worseVerdict(strongest.verdict, configured.verdict);
      const setting = Object.entries(strongest.params)
        .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : v}`)
        .join(', ');
      const atStrongest = `the strongest setting${setting ? ` (${setting})` : ''}`;
      if (strongest.verdict !== 'safe' && strongest.reason === configured.reason) {
        reasons.push(`measured at ${atStrongest} and at the configured range alike: ${strongest.reason}`);
      } else {
        if (strongest.verdict !== 'safe') reasons.push(`measured at ${atStrongest}: ${strongest.reason}`);
        if (configured.verdict !== 'safe')
          reasons.push(`measured at the configured range: ${configured.reason}`);
      }
      if (measuredVerdict === 'safe') {
        const drop = Math.max(strongest.accuracyDrop, configured.accuracyDrop);
        reasons.push(`measured: accuracy drop ${drop.toFixed(2)} at most, no class moved into another`);
      }
    } else if (step.p <= 0) {
      reasons.push('p is 0: the step never runs');
    } else if (unmeasured) {
      reasons.push(unmeasured);
    }
    // The look rule guesses what a measurement knows: once a step is measured, it no longer sets the verdict.
    const counted = measure ? findings.filter((f) => f.rule !== 'glyphLook') : findings;
    for (const finding of findings) {
      const note = counted.includes(finding) ? '' : ' (a guess from the look; the measurement above decides)';
      reasons.push(`${finding.rule} rule: ${finding.reason}${note}`);
    }
    return {
      index,
      name: step.name,
      p: step.p,
      verdict: counted.reduce<Verdict>((v, f) => worseVerdict(v, f.verdict), measuredVerdict ?? 'safe'),
      measuredVerdict,
      ruleVerdict,
      accuracyDrop: measure
        ? Math.max(measure.strongest.accuracyDrop, measure.configured.accuracyDrop)
        : null,
      strongest: measure
        ? { end: measure.strongest.end, params: measure.strongest.params, ...plain(measure.strongest) }
        : null,
      configured: measure ? plain(measure.configured) : null,
      pairs: measure ? mergePairs(measure.strongest.pairs, measure.configured.pairs) : [],
      reasons,
    };
  });
}

/** The JSON fields of a judged variant (its reason went into `reasons`). */
function plain(v: JudgedVariant): VariantMeasure {
  return { accuracy: v.accuracy, accuracyDrop: v.accuracyDrop, verdict: v.verdict, pairs: v.pairs };
}

/** Each from -> to once, at the higher rate of the two settings. */
function mergePairs(a: readonly PairRate[], b: readonly PairRate[]): PairRate[] {
  const best = new Map<string, PairRate>();
  for (const pair of [...a, ...b]) {
    const key = `${pair.from}\u0000${pair.to}`;
    const seen = best.get(key);
    if (!seen || pair.rate > seen.rate) best.set(key, pair);
  }
  return [...best.values()].sort(byRate);
}
