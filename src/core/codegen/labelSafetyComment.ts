import type { TransformSafety } from '../probe/probeTypes';
import { verdictSources } from '../probe/safetyText';
import { pyComment, pyStr } from './pyLiteral';

/**
 * The label-safety warning of one step as comment lines for generated code, or none for a safe step. Built from
 * the verdict's parts, not its prose: class names (user text) enter only as string literals, through pyComment.
 */
export function labelSafetyComments(step: TransformSafety | undefined): string[] {
  if (!step || step.verdict === 'safe') return [];
  const sources = verdictSources(step).join(' and ');
  const pairs = step.pairs.slice(0, 8).map((p) => `${pyStr(p.from)} -> ${pyStr(p.to)}`);
  const what = step.verdict === 'breaks' ? 'breaks labels' : 'may change labels';
  const lines = [
    pyComment(
      `LABEL SAFETY: this step ${what}${sources ? ` (${sources})` : ''}${pairs.length ? `: ${pairs.join(', ')}` : ''}.`,
    ),
  ];
  const m = step.measured;
  if (m && m.decision === 'costs') {
    lines.push(
      pyComment(
        `Training with it cost ${m.cost.toFixed(3)} of clean accuracy on these images (95% interval ` +
          `${m.interval[0].toFixed(3)} to ${m.interval[1].toFixed(3)}, McNemar p = ${pValue(m.test.pValue)}).`,
      ),
    );
  }
  lines.push(
    pyComment(
      step.verdict === 'breaks'
        ? 'Remove it or narrow its range before training.'
        : 'Check its preview; narrow its range or remove it if images change class.',
    ),
  );
  return lines;
}

function pValue(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
