import type { OptionValue, ResolvedOptions } from '../augment/optionSpec';
import type { PipelineStep } from '../pipeline/pipelineTypes';

/** What one transform becomes in a target: code lines, and notes where the target is not exactly equivalent. */
export interface StepCode {
  lines: string[];
  notes: string[];
}

export type Emitter = (step: PipelineStep) => StepCode;

/** A Python literal: numbers trimmed to 6 decimals, tuples for ranges, True/False, double-quoted strings. */
export function py(value: OptionValue | readonly number[] | undefined | null): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return num(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return `(${value.map((v) => num(v)).join(', ')})`;
}

/** A Python float: 6 decimals at most, always with a point (15.0, not 15). */
export function num(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

/** A Python tuple of ints, for sizes. */
export function ints(values: readonly number[]): string {
  return `(${values.map((v) => String(Math.round(v))).join(', ')})`;
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

export function code(lines: string | string[], ...notes: string[]): StepCode {
  return { lines: Array.isArray(lines) ? lines : [lines], notes };
}
