import { expectedText, type OptionSpec, type OptionValue } from '../augment/optionSpec';
import { findTransform, transformNames } from '../augment/registry';
import type { Transform } from '../augment/transform';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import { UsageError } from '../util/errors';
import { didYouMean } from './didYouMean';
import { DATASET_KEY, datasetFieldProblem } from './pipelineDataset';
import { PIPELINE_VERSION, type Pipeline, type PipelineStep } from './pipelineTypes';

/** One problem found in a pipeline, located by a JSON-path-like string ("transforms[2].degrees"). */
export interface PipelineIssue {
  path: string;
  message: string;
}

/** Every problem of a pipeline at once, so a user fixes the file in one go. */
export class PipelineError extends UsageError {
  constructor(
    readonly issues: PipelineIssue[],
    source?: string,
  ) {
    const where = source ? ` ${source}` : '';
    const lines = issues.map((i) => `  - ${i.message}`).join('\n');
    super(
      issues.length === 1
        ? `Invalid pipeline${where}: ${issues[0].message}`
        : `Invalid pipeline${where} (${issues.length} problems):\n${lines}`,
    );
  }
}

const TOP_LEVEL_KEYS = ['$schema', 'version', 'seed', DATASET_KEY, 'transforms'];
export const MAX_SEED = 0x7fffffff;
/** Largest side a size option takes (what image formats and the schema allow). */
export const MAX_SIDE = 65535;

/**
 * Checks a parsed pipeline document against the transform registry (the same specs the JSON Schema is made
 * from) and returns it with every default filled in. Throws PipelineError listing every problem.
 * @example validatePipeline({ version: 1, seed: 42, transforms: [{ name: 'rotate', degrees: [-15, 15] }] })
 */
export function validatePipeline(document: unknown, source?: string): Pipeline {
  const issues: PipelineIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObject(document))
    throw new PipelineError(
      [{ path: '', message: `Expected a JSON object but received ${show(document)}` }],
      source,
    );

  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      add(key, `Unknown top-level key "${key}".${didYouMean(key, TOP_LEVEL_KEYS)}`);
  }
  if (document.version !== PIPELINE_VERSION) {
    add('version', `Expected ${PIPELINE_VERSION} for version but received ${show(document.version)}`);
  }
  const seed = document.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    add('seed', `Expected an integer between 0 and ${MAX_SEED} for seed but received ${show(seed)}`);
  }
  const datasetProblem = document.dataset === undefined ? undefined : datasetFieldProblem(document.dataset);
  if (datasetProblem) add(DATASET_KEY, datasetProblem);
  const steps: PipelineStep[] = [];
  if (!Array.isArray(document.transforms)) {
    add(
      'transforms',
      `Expected an array of transforms for transforms but received ${show(document.transforms)}`,
    );
  } else {
    document.transforms.forEach((step, index) => {
      const resolved = validateStep(step, `transforms[${index}]`, issues);
      if (resolved) steps.push(resolved);
    });
  }
  if (issues.length) throw new PipelineError(issues, source);
  return { version: PIPELINE_VERSION, seed: seed as number, steps };
}

function validateStep(step: unknown, at: string, issues: PipelineIssue[]): PipelineStep | undefined {
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObject(step)) {
    add(at, `${at}: Expected an object like {"name": "rotate", ...} but received ${show(step)}`);
    return undefined;
  }
  if (typeof step.name !== 'string') {
    add(`${at}.name`, `${at}: Expected a transform name for name but received ${show(step.name)}`);
    return undefined;
  }
  const transform = findTransform(step.name);
  if (!transform) {
    add(
      `${at}.name`,
      `${at}: Unknown transform "${step.name}".${didYouMean(step.name, transformNames())} Known: ${transformNames().join(', ')}`,
    );
    return undefined;
  }
  const label = `${at} (${transform.name})`;
  const before = issues.length;
  const known = ['name', 'p', ...Object.keys(transform.options)];
  for (const key of Object.keys(step)) {
    if (!known.includes(key)) {
      add(
        `${at}.${key}`,
        `${label}: Unknown option "${key}".${didYouMean(key, known)} Options: ${known.slice(1).join(', ')}`,
      );
    }
  }
  const p = step.p ?? transform.defaultP;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
    add(`${at}.p`, `${label}: Expected a number between 0 and 1 for p but received ${show(p)}`);
  }
  const options: Record<string, OptionValue | undefined> = {};
  for (const [name, spec] of Object.entries(transform.options)) {
    const value = step[name];
    if (value === undefined) {
      if (spec.required)
        add(
          `${at}.${name}`,
          `${label}: Expected ${expectedText(spec)} for ${name} but received nothing (it is required)`,
        );
      options[name] = spec.default;
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem === undefined) options[name] = value as OptionValue;
    else
      add(
        `${at}.${name}`,
        `${label}: Expected ${expectedText(spec)} for ${name} but received ${show(value)}${problem}`,
      );
  }
  if (issues.length > before) return undefined;
  for (const issue of runCheck(transform, options)) {
    add(
      `${at}.${issue.option}`,
      `${label}: Expected ${issue.expected} for ${issue.option} but received ${show(issue.received)}`,
    );
  }
  return { name: transform.name, p: p as number, options };
}

function runCheck(transform: Transform, options: Record<string, OptionValue | undefined>) {
  return transform.check ? transform.check(options) : [];
}

/** undefined when the value fits the spec, else a hint to append ('' when the expectation says it all). */
function checkValue(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return '';
      if (spec.integer && !Number.isInteger(value)) return '';
      return value >= spec.min && value <= spec.max ? undefined : '';
    case 'range': {
      if (
        !Array.isArray(value) ||
        value.length !== 2 ||
        !value.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        return typeof value === 'number'
          ? ` (ranges are always [min, max]: write [${-Math.abs(value)}, ${Math.abs(value)}])`
          : '';
      }
      const [lo, hi] = value as [number, number];
      if (lo > hi) return ' (min is above max)';
      return lo >= spec.min && hi <= spec.max ? undefined : '';
    }
    case 'enum':
      if (typeof value === 'string' && spec.values.includes(value)) return undefined;
      return typeof value === 'string' ? didYouMean(value, spec.values).replace(/^ /, ' — ') : '';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : '';
    case 'size':
      if (!(Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v) && v >= 1)))
        return '';
      return sizeProblem(value as [number, number], DEFAULT_MAX_PIXELS) ?? undefined;
  }
}

/**
 * Why an output size cannot be made within `maxPixels` (its working image alone would outgrow what a decode may
 * hold), as a hint to append; undefined when it fits. Sides are capped like the schema's (65535).
 */
export function sizeProblem(
  [height, width]: readonly [number, number],
  maxPixels: number,
): string | undefined {
  if (height > MAX_SIDE || width > MAX_SIDE) return ` (each side at most ${MAX_SIDE})`;
  const pixels = height * width;
  if (pixels <= maxPixels) return undefined;
  return ` (${height} x ${width} = ${pixels} pixels, more than the pixel limit of ${maxPixels})`;
}

/**
 * Refuses a pipeline whose output sizes exceed `maxPixels` (a limit below the default one the validator checks,
 * as `--max-pixels` sets for augment and preview).
 */
export function checkPipelineFits(pipeline: Pipeline, maxPixels: number, source?: string): void {
  const issues: PipelineIssue[] = [];
  pipeline.steps.forEach((step, index) => {
    for (const [name, spec] of Object.entries(findTransform(step.name)?.options ?? {})) {
      const value = step.options[name];
      if (spec.type !== 'size' || !Array.isArray(value)) continue;
      const problem = sizeProblem(value as [number, number], maxPixels);
      if (problem !== undefined)
        issues.push({
          path: `transforms[${index}].${name}`,
          message: `transforms[${index}] (${step.name}): Expected ${expectedText(spec)} for ${name} but received ${show(value)}${problem}`,
        });
    }
  });
  if (issues.length) throw new PipelineError(issues, source);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A received value as the user wrote it: JSON for arrays, objects and strings. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    // Too deep (stack) or circular: the type is all that can be said.
    return Array.isArray(value) ? 'an array' : typeof value;
  }
}
