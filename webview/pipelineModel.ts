/**
 * Edits of a pipeline document as the Augment tab makes them: pure functions returning new documents, so the
 * editor never mutates what it rendered and every edit can be unit-tested. Unknown fields are kept as they are.
 */
import type { PipelineDocument, TransformInfo } from '../src/protocol/messages';

export type StepDocument = { name: string; p?: number } & Record<string, unknown>;

export function stepsOf(document: PipelineDocument): StepDocument[] {
  const steps = document.transforms;
  return Array.isArray(steps)
    ? steps.filter(
        (s): s is StepDocument =>
          !!s && typeof s === 'object' && typeof (s as StepDocument).name === 'string',
      )
    : [];
}

function withSteps(document: PipelineDocument, steps: StepDocument[]): PipelineDocument {
  return { ...document, transforms: steps };
}

export function seedOf(document: PipelineDocument): number {
  return typeof document.seed === 'number' ? document.seed : 0;
}

export function setSeed(document: PipelineDocument, seed: number): PipelineDocument {
  return { ...document, seed };
}

/** Appends a transform with its default probability and no options (defaults apply). */
export function addStep(document: PipelineDocument, transform: TransformInfo): PipelineDocument {
  return withSteps(document, [...stepsOf(document), { name: transform.name, p: transform.defaultP }]);
}

export function removeStep(document: PipelineDocument, index: number): PipelineDocument {
  const steps = stepsOf(document);
  return withSteps(
    document,
    steps.filter((_, i) => i !== index),
  );
}

/** Moves step `index` by `delta` places (clamped to the list). */
export function moveStep(document: PipelineDocument, index: number, delta: number): PipelineDocument {
  const steps = stepsOf(document).slice();
  const target = Math.min(steps.length - 1, Math.max(0, index + delta));
  if (index < 0 || index >= steps.length || target === index) return document;
  const [step] = steps.splice(index, 1);
  steps.splice(target, 0, step);
  return withSteps(document, steps);
}

/** Sets (or, with `undefined`, removes so the default applies) one option of one step. */
export function setOption(
  document: PipelineDocument,
  index: number,
  key: string,
  value: unknown,
): PipelineDocument {
  const steps = stepsOf(document).map((step, i) => {
    if (i !== index) return step;
    const next: StepDocument = { ...step };
    if (value === undefined) delete next[key];
    else next[key] = value;
    return next;
  });
  return withSteps(document, steps);
}

/** The option a read-only one is derived from, and the scale (rotate's `factor` = `degrees` / 360). */
function derivation(info: TransformInfo | undefined, key: string) {
  const spec = info?.options[key];
  return spec?.type === 'range' ? spec.derivedFrom : undefined;
}

/** Options whose value is derived from `key` (shown read-only beside its editor). */
function derivedOf(info: TransformInfo | undefined, key: string): [string, number][] {
  return Object.keys(info?.options ?? {}).flatMap((k) => {
    const d = derivation(info, k);
    return d?.option === key ? [[k, d.scale] as [string, number]] : [];
  });
}

export function isDerived(info: TransformInfo | undefined, key: string): boolean {
  return derivation(info, key) !== undefined;
}

/** Rounds a converted value for display and for the document (no 14.999999999999998°). */
const tidy = (v: number) => Number(v.toPrecision(10));

/**
 * What the editor of option `key` shows: its own value, or, unset, the value of an option derived from it
 * converted back (a pipeline file that gives rotate's `factor` shows its angle in degrees). For a derived option:
 * its value computed from the one it derives from.
 */
export function shownValue(step: StepDocument, key: string, info: TransformInfo | undefined): unknown {
  const from = derivation(info, key);
  if (from) {
    const source = shownValue(step, from.option, info);
    return Array.isArray(source) ? (source as number[]).map((v) => tidy(v * from.scale)) : step[key];
  }
  if (step[key] !== undefined) return step[key];
  for (const [other, scale] of derivedOf(info, key)) {
    const value = step[other];
    if (Array.isArray(value)) return (value as number[]).map((v) => tidy(v / scale));
  }
  return undefined;
}

/**
 * Sets option `key` from its editor and drops the options derived from it: the step keeps one value, never two
 * that could disagree ("either degrees or factor").
 */
export function setEditedOption(
  document: PipelineDocument,
  index: number,
  key: string,
  value: unknown,
  info: TransformInfo | undefined,
): PipelineDocument {
  let next = setOption(document, index, key, value);
  for (const [other] of derivedOf(info, key)) next = setOption(next, index, other, undefined);
  return next;
}

/** Parses a number field: '' -> undefined (use the default), anything unparsable -> NaN (shown as invalid). */
export function parseNumberField(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return Number(trimmed);
}

/** The value a range field pair makes: both empty -> undefined, one empty -> that side from `fallback`. */
export function rangeValue(
  min: number | undefined,
  max: number | undefined,
  fallback: readonly [number, number] | undefined,
): [number, number] | undefined {
  if (min === undefined && max === undefined) return undefined;
  return [min ?? fallback?.[0] ?? max ?? 0, max ?? fallback?.[1] ?? min ?? 0];
}
