import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BenchUsageError } from './paths';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parser, strict, with its errors turned into one-line usage errors. */
export function parseBenchArgs<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new BenchUsageError(`${error instanceof Error ? error.message : String(error)}\noptions: ${usage}`);
  }
}

/** A whole number >= min from an option's text (or its default when absent). */
export function intOption(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new BenchUsageError(`Expected an integer >= ${min} for --${name} but received "${text}"`);
  return value;
}

/** A number > 0 from an option's text (or its default when absent). */
export function positiveOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value))
    throw new BenchUsageError(`Expected a number > 0 for --${name} but received "${text}"`);
  return value;
}
