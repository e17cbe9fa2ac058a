import { html, nothing } from 'lit';
import type { LabelSafetyReport, TransformSafety } from '../../src/core/probe/probeTypes';
import type { ProbeStatusView } from '../../src/protocol/messages';
import {
  adviceText,
  costText,
  pairsText,
  probeText,
  variantMark,
  verdictSources,
  verdictText,
} from '../../src/protocol/labelSafetyText';

const ICON = { breaks: 'codicon-error', risky: 'codicon-warning', safe: 'codicon-pass' } as const;

/**
 * The summary at the top of the Augment tab: the verdict of each flagged step with its pairs, what to do, and
 * how the verdicts were reached (rules, or the probe with its features); the probe's progress while it runs.
 */
export function renderLabelSafetyBanner(report: LabelSafetyReport | null, probe: ProbeStatusView) {
  const flagged = report?.transforms.filter((t) => t.verdict !== 'safe') ?? [];
  const worst = flagged.some((t) => t.verdict === 'breaks') ? 'breaks' : flagged.length ? 'risky' : 'safe';
  const measuredInfo = report && probeText(report);
  return html`<section class="label-safety-banner ${worst}" role="status" aria-label="Label safety">
    <div class="banner-head">
      <span class="codicon ${ICON[worst]}" aria-hidden="true"></span>
      <strong>${headline(report, flagged.length, worst)}</strong>
      <span class="spacer"></span>
      <span class="badge">${report?.mode === 'probe' ? 'measured' : 'rules'}</span>
    </div>
    ${
      flagged.length
        ? html`<ul class="banner-steps">
              ${flagged.map(
                (t) =>
                  html`<li class="banner-step ${t.verdict}" data-banner-step=${t.index}>
                    <strong>${t.index + 1}. ${t.name}</strong>: ${verdictText(t.verdict).toLowerCase()}
                    <span class="subtle">(${verdictSources(t).join(' and ') || 'rules'})</span>${
                      t.pairs.length ? html` — <span class="pairs">${pairsText(t.pairs)}</span>` : nothing
                    }
                  </li>`,
              )}
            </ul>
            <p class="advice">${adviceText(report!)}</p>`
        : nothing
    }
    ${measuredInfo ? html`<p class="subtle probe-info">${measuredInfo}</p>` : nothing}
    ${
      report?.features
        ? html`<p class="subtle probe-features">
            Features: ${report.features.detail} (${report.features.reason}).
          </p>`
        : nothing
    }
    ${
      probe.running
        ? html`<p class="probe-running">
            <vscode-progress-ring class="small" aria-hidden="true"></vscode-progress-ring>
            Measuring: ${runningText(probe.running)} (cancel from the notification)
          </p>`
        : nothing
    }
    ${probe.error ? html`<p class="subtle probe-error">${probe.error}</p>` : nothing}
    ${report?.failures?.length ? probeFailures(report.failures) : nothing}
  </section>`;
}

/** Each file the probe could not read, named: it was left out of the measurement. */
function probeFailures(failures: LabelSafetyReport['failures']) {
  return html`<details class="probe-failures">
    <summary>${failures.length} file(s) could not be read and were left out of the probe</summary>
    <ul>
      ${failures.map((f) => html`<li><code>${f.file}</code>: ${f.message}</li>`)}
    </ul>
  </details>`;
}

function headline(report: LabelSafetyReport | null, flagged: number, worst: string): string {
  if (!report) return 'Label safety: judged once the analysis has finished';
  const breaking = report.transforms.filter((t) => t.verdict === 'breaks').length;
  if (!flagged) return 'Label safety: no step changes what a label means';
  if (worst === 'breaks')
    return `Label safety: ${breaking} step${breaking === 1 ? '' : 's'} break${breaking === 1 ? 's' : ''} labels`;
  return `Label safety: ${flagged} step${flagged === 1 ? '' : 's'} may change labels`;
}

function runningText(running: NonNullable<ProbeStatusView['running']>): string {
  if (running.phase === 'decoding') return `reading images ${running.done}/${running.total}`;
  if (running.phase === 'features') return `computing features ${running.done}/${running.total}`;
  if (running.phase === 'training') return `training model ${running.done}/${running.total}`;
  return 'listing the dataset';
}

/** The mark on a preview variant that a flagged step changed, when its class is one the step affects. */
export function renderVariantMark(
  safety: LabelSafetyReport | null,
  className: string,
  steps: readonly number[],
) {
  const mark = safety && variantMark(safety, className, steps);
  if (!mark) return nothing;
  return html`<span class="variant-mark ${mark.verdict}" title=${`${verdictText(mark.verdict)}: ${mark.text}`}
    ><span class="codicon ${ICON[mark.verdict]}" aria-hidden="true"></span> ${mark.text}</span
  >`;
}

/** Inside a step card: the verdict with its measurement, pairs and reasons (nothing for an unmeasured safe step). */
export function renderStepSafety(step: TransformSafety | undefined) {
  if (!step || (step.verdict === 'safe' && !step.measured)) return nothing;
  const cost = costText(step);
  const kind = step.verdict === 'safe' ? 'label-measured' : 'label-warning';
  return html`<div class="label-warnings" role="note" data-probe-step=${step.index}>
    <div class="${kind} ${step.verdict}">
      <span class="codicon ${ICON[step.verdict]}" aria-hidden="true"></span>
      <span
        ><strong>${verdictText(step.verdict)}${step.measured ? ' (measured)' : ''}:</strong>
        ${step.pairs.length ? html`<span class="pairs">${pairsText(step.pairs)}</span>.` : nothing}
        ${cost ? html`<span class="cost">${cost}.</span>` : nothing}
        ${step.reasons
          .filter((r) => !r.startsWith('measured:'))
          .map((r) => html`<span class="subtle reason">${r}</span>`)}</span
      >
    </div>
  </div>`;
}
