import { findTransform } from '../augment/registry';
import type { PipelineStep } from '../pipeline/pipelineTypes';
import type { Rng } from '../util/rng';

const SIZE = { width: 64, height: 64 };

/**
 * The range a step's sampler actually draws `param` from, read by driving the sampler with generators stuck at
 * either end: defaults the sampler applies itself (rotate without degrees is ±15°) and alternative options
 * (rotate's `factor`, a fraction of a turn) come out in the param's own unit, with no range restated here.
 * Array params (channelShift's shifts) give their first element. undefined when the param is absent.
 */
export function paramRange(step: PipelineStep, param: string): [number, number] | undefined {
  const transform = findTransform(step.name);
  if (!transform) return undefined;
  const read = (end: 'min' | 'max') => {
    const value = transform.sampleParams(endpointRng(end), SIZE, step.options)[param];
    const n = Array.isArray(value) ? value[0] : value;
    return typeof n === 'number' ? round6(n) : undefined;
  };
  const lo = read('min');
  const hi = read('max');
  if (lo === undefined || hi === undefined) return undefined;
  return lo <= hi ? [lo, hi] : [hi, lo];
}

/** How far from upright (0..180°) a rotation range can turn an image: ±10 -> 10, [170, 190] -> 180, ±350 -> 180. */
export function maxTurn([a, b]: readonly [number, number]): number {
  const fromUpright = (t: number) => Math.abs(((((t + 180) % 360) + 360) % 360) - 180);
  const firstHalfTurn = 180 + 360 * Math.ceil((a - 180) / 360);
  if (firstHalfTurn <= b) return 180;
  return round6(Math.max(fromUpright(a), fromUpright(b)));
}

/** Largest absolute value of a range. */
export function maxAbs(range: readonly [number, number]): number {
  return Math.max(Math.abs(range[0]), Math.abs(range[1]));
}

/**
 * A generator stuck at one end: uniform draws give the range's min (0) or max (just below 1), integer draws
 * their lower or upper bound. Used to read a sampler's effective range without restating its defaults.
 */
export function endpointRng(end: 'min' | 'max'): Rng {
  const high = 1 - 2 ** -53;
  return {
    next: () => (end === 'min' ? 0 : high),
    int: (from, to) => (end === 'min' ? from : to),
  };
}

/** The endpoint generator stops a hair below 1: 14.999999999999998 reads as 15. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
