import { html, nothing } from 'lit';
import type { OptionSpec } from '../../src/core/augment/optionSpec';
import type { TransformSafety } from '../../src/core/probe/probeTypes';
import type { PipelineDocument, PipelineIssueView, TransformInfo } from '../../src/protocol/messages';
import {
  isDerived,
  moveStep,
  parseNumberField,
  rangeValue,
  removeStep,
  setEditedOption,
  setOption,
  shownValue,
  stepsOf,
  type StepDocument,
} from '../pipelineModel';
import { renderStepSafety } from './labelSafety';

/** What a step card edits: the whole pipeline (read when an event fires; edits return a new one) and where to send the result. */
export interface StepEditing {
  pipeline: PipelineDocument;
  edit: (next: PipelineDocument) => void;
}

/**
 * One transform of the pipeline as a card: probability, move and remove buttons, a field per option the
 * registry declares, the validator's issues for this step, and its label-safety verdict (measured or the rules').
 */
export function transformStep(
  editing: StepEditing,
  step: StepDocument,
  index: number,
  count: number,
  info: TransformInfo | undefined,
  issues: PipelineIssueView[],
  safety: TransformSafety | undefined,
) {
  const stepIssues = issues.filter(
    (i) => i.path === `transforms[${index}]` || i.path.startsWith(`transforms[${index}].`),
  );
  return html`<li class="step ${stepIssues.length ? 'invalid' : ''}" data-step=${step.name}>
    <div class="step-head">
      <span class="step-index">${index + 1}</span>
      <strong class="step-name">${step.name}</strong>
      ${info ? html`<span class="badge">${info.kind}</span>` : html`<span class="badge error">unknown</span>`}
      <span class="spacer"></span>
      <label class="p-field"
        >p
        <input
          class="num-input"
          type="number"
          min="0"
          max="1"
          step="0.05"
          .value=${String(step.p ?? info?.defaultP ?? 1)}
          aria-label=${`${step.name} probability`}
          @change=${(e: Event) => onNumber(editing, index, 'p', e)}
        />
      </label>
      <vscode-toolbar-button
        icon="arrow-up"
        label="Move up"
        ?disabled=${index === 0}
        @click=${() => editing.edit(moveStep(editing.pipeline, index, -1))}
      ></vscode-toolbar-button>
      <vscode-toolbar-button
        icon="arrow-down"
        label="Move down"
        ?disabled=${index === count - 1}
        @click=${() => editing.edit(moveStep(editing.pipeline, index, 1))}
      ></vscode-toolbar-button>
      <vscode-toolbar-button
        icon="trash"
        label="Remove"
        @click=${() => editing.edit(removeStep(editing.pipeline, index))}
      ></vscode-toolbar-button>
    </div>
    ${info ? html`<div class="step-options">${Object.entries(info.options).map(([key, spec]) => optionField(editing, step, index, key, spec, info))}</div>` : nothing}
    ${stepIssues.map((i) => html`<div class="error-text">${i.message}</div>`)} ${renderStepSafety(safety)}
  </li>`;
}

/** The field of one option, by its spec's type. */
function optionField(
  editing: StepEditing,
  step: StepDocument,
  index: number,
  key: string,
  spec: OptionSpec,
  info: TransformInfo,
) {
  const value = shownValue(step, key, info);
  const id = `opt-${index}-${key}`;
  const label = html`<label for=${id} title=${spec.doc}>${key}</label>`;
  switch (spec.type) {
    case 'number':
      return html`<div class="option">
        ${label}
        <input
          id=${id}
          class="num-input"
          type="number"
          min=${spec.min}
          max=${spec.max}
          step=${spec.integer ? 1 : 'any'}
          .value=${typeof value === 'number' ? String(value) : ''}
          placeholder=${spec.default !== undefined ? String(spec.default) : ''}
          @change=${(e: Event) => onNumber(editing, index, key, e)}
        />
      </div>`;
    case 'range': {
      const pair = Array.isArray(value) ? (value as number[]) : undefined;
      if (spec.type === 'range' && spec.derivedFrom && isDerived(info, key)) {
        // Shown, not edited: editing both gave "either degrees or factor" and a blank preview.
        const from = spec.derivedFrom;
        return html`<div class="option derived" data-option=${key}>
          <span class="derived-label" title=${spec.doc}>${key}</span>
          <output class="derived-value" aria-label=${`${step.name} ${key}, from ${from.option}`}
            >${pair ? pair.map((v) => Number(v.toPrecision(4))).join(' … ') : '—'}</output
          >
          <span class="subtle">from ${from.option}</span>
        </div>`;
      }
      const fallback = spec.default as readonly [number, number] | undefined;
      // One input per end of the range; the label points at the first.
      const end = (which: 0 | 1) =>
        html`<input
          id=${which === 0 ? id : nothing}
          class="num-input"
          type="number"
          step="any"
          min=${spec.min}
          max=${spec.max}
          aria-label=${`${step.name} ${key} ${which === 0 ? 'minimum' : 'maximum'}`}
          .value=${pair ? String(pair[which]) : ''}
          placeholder=${fallback ? String(fallback[which]) : which === 0 ? 'min' : 'max'}
          @change=${(e: Event) => onRange(editing, index, key, which, e, fallback, info)}
        />`;
      return html`<div class="option">
        ${label}
        <span class="range">${end(0)} <span aria-hidden="true">…</span> ${end(1)}</span>
      </div>`;
    }
    case 'enum':
      return html`<div class="option">
        ${label}
        <select
          id=${id}
          class="native-select"
          @change=${(e: Event) => editing.edit(setOption(editing.pipeline, index, key, (e.target as HTMLSelectElement).value))}
        >
          ${spec.values.map((v) => html`<option value=${v} ?selected=${(value ?? spec.default) === v}>${v}</option>`)}
        </select>
      </div>`;
    case 'boolean':
      return html`<div class="option">
        <vscode-checkbox
          id=${id}
          ?checked=${(value ?? spec.default) === true}
          @change=${(e: Event) => editing.edit(setOption(editing.pipeline, index, key, (e.target as HTMLInputElement).checked))}
          >${key}</vscode-checkbox
        >
      </div>`;
    case 'size': {
      const pair = Array.isArray(value) ? (value as number[]) : (spec.default as number[] | undefined);
      return html`<div class="option">
        ${label}
        <span class="range">
          <input
            id=${id}
            class="num-input"
            type="number"
            min="1"
            step="1"
            aria-label=${`${step.name} ${key} height`}
            .value=${pair ? String(pair[0]) : ''}
            placeholder="height"
            @change=${(e: Event) => onSize(editing, index, key, 0, e, pair)}
          />
          <span aria-hidden="true">×</span>
          <input
            class="num-input"
            type="number"
            min="1"
            step="1"
            aria-label=${`${step.name} ${key} width`}
            .value=${pair ? String(pair[1]) : ''}
            placeholder="width"
            @change=${(e: Event) => onSize(editing, index, key, 1, e, pair)}
          />
        </span>
      </div>`;
    }
  }
}

function onNumber({ pipeline, edit }: StepEditing, index: number, key: string, e: Event): void {
  edit(setOption(pipeline, index, key, parseNumberField((e.target as HTMLInputElement).value)));
}

function onRange(
  { pipeline, edit }: StepEditing,
  index: number,
  key: string,
  side: 0 | 1,
  e: Event,
  fallback: readonly [number, number] | undefined,
  info: TransformInfo,
): void {
  const step = stepsOf(pipeline)[index];
  const current = step ? shownValue(step, key, info) : undefined;
  const pair = Array.isArray(current) ? (current as number[]) : undefined;
  const typed = parseNumberField((e.target as HTMLInputElement).value);
  const min = side === 0 ? typed : pair?.[0];
  const max = side === 1 ? typed : pair?.[1];
  edit(setEditedOption(pipeline, index, key, rangeValue(min, max, fallback), info));
}

function onSize(
  { pipeline, edit }: StepEditing,
  index: number,
  key: string,
  side: 0 | 1,
  e: Event,
  current: number[] | undefined,
): void {
  const typed = parseNumberField((e.target as HTMLInputElement).value);
  const pair = [current?.[0] ?? 224, current?.[1] ?? 224];
  if (typed === undefined) return;
  pair[side] = typed;
  edit(setOption(pipeline, index, key, pair));
}
