import type { OptionValue, ResolvedOptions } from '../augment/optionSpec';
import type { PipelineStep } from '../pipeline/pipelineTypes';
import { PY_NONE, pyBool, pyFloat, pyInt, pyStr, pyTuple } from './pyLiteral';

/**
 * What one transform becomes in a target: code lines, notes where the target is not exactly equivalent, and the
 * helper definitions (by name, from the target's helper table) the lines use.
 */
export interface StepCode {
  lines: string[];
  notes: string[];
  helpers: string[];
}

export type Emitter = (step: PipelineStep) => StepCode;

/** An option value as a Python literal: floats at full precision, tuples for ranges, True/False, str literals. */
export function py(value: OptionValue | readonly number[] | undefined | null): string {
  if (value === undefined || value === null) return PY_NONE;
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'number') return pyFloat(value);
  if (typeof value === 'string') return pyStr(value);
  return pyTuple(value.map((v) => pyFloat(v)));
}

/** A range computed from the options (1 - lo, tan(angle)...): 15 significant digits drop the arithmetic's noise. */
export function derived(values: readonly number[]): string {
  return pyTuple(values.map((v) => pyFloat(v, 15)));
}

/** A Python tuple of ints, for sizes. */
export function ints(values: readonly number[]): string {
  return pyTuple(values.map((v) => pyInt(v)));
}

/** Typed accessors over resolved options (the validator guarantees the shapes). */
export function rangeOf(options: ResolvedOptions, key: string): readonly [number, number] | undefined {
  return options[key] as readonly [number, number] | undefined;
}
export function numberOf(options: ResolvedOptions, key: string): number {
  return options[key] as number;
}
export function stringOf(options: ResolvedOptions, key: string): string {
  return options[key] as string;
}

/** Code for one step: its lines, the helpers they call, and notes on where the target differs. */
export function code(lines: string | string[], helpers: string[] = [], ...notes: string[]): StepCode {
  return { lines: Array.isArray(lines) ? lines : [lines], notes, helpers };
}

/** A named block of Python printed once above the pipeline, when a step needs it. */
export interface Helper {
  code: string;
  /** Other helpers this one calls. */
  needs?: readonly string[];
  /** Import lines it needs beyond the target's own. */
  imports?: readonly string[];
}

/** The helpers the steps use, with what they need, in the table's order (so definitions precede uses). */
export function usedHelpers(
  table: Readonly<Record<string, Helper>>,
  steps: readonly StepCode[],
): { code: string[]; imports: string[] } {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    if (!table[name]) throw new Error(`codegen: no helper named ${name}`);
    wanted.add(name);
    for (const need of table[name].needs ?? []) add(need);
  };
  for (const step of steps) for (const name of step.helpers) add(name);
  const used = Object.keys(table).filter((name) => wanted.has(name));
  return {
    code: used.map((name) => table[name].code),
    imports: [...new Set(used.flatMap((name) => table[name].imports ?? []))],
  };
}
