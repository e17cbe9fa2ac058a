/**
 * Label-safety verdicts in words, for people (the panel's banner and step cards, Problems in pipeline files).
 * Plain text: generated code builds its own comments from the same parts (codegen/labelSafetyComment).
 */
import type { LabelPair, LabelSafetyReport, RuleId, TransformSafety, Verdict } from './probeTypes';

export function verdictText(verdict: Verdict): string {
  return verdict === 'breaks' ? 'Breaks labels' : verdict === 'risky' ? 'May change labels' : 'Safe';
}

function signed(value: number): string {
  return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(3)}`;
}

function pValue(p: number): string {
  return p < 0.001 ? p.toExponential(0) : p.toFixed(3);
}

/** "6→9 +80%, 9→6": each direction once, the measured growth where there is one. */
export function pairsText(pairs: readonly LabelPair[], max = 6): string {
  const shown = pairs
    .slice(0, max)
    .map((p) => `${p.from}→${p.to}${p.rate !== null && p.rate > 0 ? ` +${Math.round(p.rate * 100)}%` : ''}`);
  return pairs.length > max ? `${shown.join(', ')} …` : shown.join(', ');
}

/** The measured cost in one sentence, or null when the step was not measured. */
export function costText(step: TransformSafety): string | null {
  const m = step.measured;
  if (!m) return null;
  const what =
    m.decision === 'costs'
      ? 'Training with it costs'
      : m.decision === 'noCost'
        ? 'Training with it costs nothing that matters:'
        : 'Unclear: training with it costs';
  return (
    `${what} ${signed(m.cost)} of clean accuracy (95% interval ${signed(m.interval[0])} to ${signed(m.interval[1])}, ` +
    `margin ${m.margin.toFixed(3)}; McNemar p = ${pValue(m.test.pValue)}; ${m.heldOut} held-out predictions, ` +
    `${m.rounds} round${m.rounds === 1 ? '' : 's'})`
  );
}

/** Where a verdict comes from: ['measured', 'digits rule'] (overruled rules left out). */
export function verdictSources(step: TransformSafety): string[] {
  const rules = step.reasons.flatMap((r) => /^(\w+) rule: /.exec(r)?.[1] ?? []) as RuleId[];
  const counted = [...new Set(rules)].filter((rule) => !step.overruled.includes(rule));
  const measured = step.measuredVerdict !== null && step.measuredVerdict !== 'safe';
  return [...(measured ? ['measured'] : []), ...counted.map((r) => `${r} rule`)];
}

/** The probe's setting in one line: sample, model, features; null when nothing was measured. */
export function probeText(report: LabelSafetyReport): string | null {
  if (report.mode !== 'probe' || !report.sample) return null;
  const s = report.sample;
  const accuracy =
    report.cleanAccuracy === null
      ? ''
      : `; the model without the steps scores ${report.cleanAccuracy.toFixed(2)} on held-out images`;
  const judge = report.judgeable
    ? ''
    : ` — too weak to judge (needs ${report.judgeableThreshold?.toFixed(2)}): verdicts come from the rules`;
  return (
    `Measured on ${s.train} train / ${s.heldOut} held-out images per round (${s.classes.length} classes, ` +
    `seed ${s.seed}, TensorFlow.js ${report.backend ?? '-'}${accuracy})${judge}.`
  );
}

/** What the user can do about the flagged steps. */
export function adviceText(report: LabelSafetyReport): string {
  const flagged = report.transforms.filter((t) => t.verdict !== 'safe');
  const unmeasured = flagged.some((t) => t.measured === null);
  const fix = flagged.some((t) => t.verdict === 'breaks')
    ? 'Remove the steps that break labels, or narrow their range (a turn within ±15°), before exporting or training.'
    : 'Check the preview of the flagged steps; narrow their range or remove them if the images change class.';
  return unmeasured
    ? `${fix} "Probe Label Safety" measures what training with each step costs on your images.`
    : fix;
}

/**
 * A flagged step in a few sentences (a Problem in a pipeline file): verdict, where it comes from, the pairs, the
 * measured cost, what to do, then the rules' reasons. `howToMeasure` is said when the step was not measured.
 */
export function stepSummaryText(step: TransformSafety, howToMeasure: string): string {
  const sources = verdictSources(step).join(' and ');
  const pairs = step.pairs.length ? `: ${pairsText(step.pairs)}` : '';
  const cost = costText(step);
  const fix =
    step.verdict === 'breaks'
      ? 'Remove the step or narrow its range.'
      : 'Check its preview; narrow its range or remove the step if images change class.';
  const rules = step.reasons.filter((r) => / rule: /.test(r) && !r.includes('(overruled'));
  return [
    `${verdictText(step.verdict)}${sources ? ` (${sources})` : ''}${pairs}.`,
    cost ? `${cost}.` : '',
    fix,
    step.measured ? '' : howToMeasure,
    rules.join(' '),
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * How a preview variant of `className` is marked, given the pipeline steps that fired on it: `breaks`/`risky`
 * when a flagged step fired whose pairs turn this class into another ("may read as 9"), or a flagged step without
 * pairs (any class may change); null when no flagged step touched it.
 */
export function variantMark(
  safety: LabelSafetyReport,
  className: string,
  fired: readonly number[],
): { verdict: Exclude<Verdict, 'safe'>; text: string } | null {
  let verdict: Exclude<Verdict, 'safe'> | null = null;
  const into = new Set<string>();
  for (const step of safety.transforms) {
    if (step.verdict === 'safe' || !fired.includes(step.index)) continue;
    const targets = step.pairs.filter((p) => p.from === className).map((p) => p.to);
    if (step.pairs.length && !targets.length) continue;
    targets.forEach((t) => into.add(t));
    verdict = verdict === 'breaks' || step.verdict === 'breaks' ? 'breaks' : 'risky';
  }
  if (!verdict) return null;
  return { verdict, text: into.size ? `may read as ${[...into].join(' or ')}` : 'label may change' };
}

/**
 * What to ask before an export while steps break labels (risky ones do not stop it): each such step with where
 * its verdict comes from and its pairs. Null when nothing breaks.
 */
export function exportQuestion(safety: LabelSafetyReport | null): { message: string; detail: string } | null {
  const breaking = safety?.transforms.filter((t) => t.verdict === 'breaks') ?? [];
  if (!breaking.length) return null;
  const steps = breaking.map((t) => {
    const sources = verdictSources(t).join(' and ');
    return `${t.index + 1}. ${t.name}${sources ? ` (${sources})` : ''}${t.pairs.length ? `: ${pairsText(t.pairs)}` : ''}`;
  });
  return {
    message: `Export with ${breaking.length === 1 ? 'a step' : `${breaking.length} steps`} that break${breaking.length === 1 ? 's' : ''} labels?`,
    detail:
      `${steps.join('\n')}\n\nEach exported copy keeps the label of its source, so copies this step turned into ` +
      'another class are saved under the wrong one.',
  };
}
