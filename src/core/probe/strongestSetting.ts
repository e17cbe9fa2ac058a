import type { ImageSize } from '../augment/augImage';
import type { OptionValue, ResolvedOptions } from '../augment/optionSpec';
import type { ParamValue, Params, Transform } from '../augment/transform';
import type { Rng } from '../util/rng';

export type End = 'min' | 'max';

/** One endpoint setting of a step: options to sample with, and what to show as its params. */
export interface EndpointSetting {
  end: End;
  options: ResolvedOptions;
  /** The collapsed values, e.g. { degrees: 180 }, or the sampler's own endpoint params (see below). */
  shown: Record<string, ParamValue>;
  /**
   * True when the step gives no range option and the sampler falls back on a range of its own (rotate without
   * degrees or factor): the sampler is then driven by an endpoint generator, which puts every draw at one end.
   */
  endpointSampler: boolean;
}

/**
 * The step's range options collapsed to one end: [a, b] becomes [a, a] (min) or [b, b] (max). Other draws
 * (crop position, noise seed) stay random. Option-less transforms (flips) give their one setting.
 */
export function endpointSetting(transform: Transform, options: ResolvedOptions, end: End): EndpointSetting {
  const collapsed: Record<string, OptionValue | undefined> = { ...options };
  const shown: Record<string, ParamValue> = {};
  let ranges = 0;
  let given = 0;
  for (const [name, spec] of Object.entries(transform.options)) {
    if (spec.type !== 'range') continue;
    ranges++;
    const value = options[name];
    if (!Array.isArray(value)) continue;
    given++;
    const v = end === 'min' ? value[0] : value[1];
    collapsed[name] = [v, v];
    shown[name] = v;
  }
  const endpointSampler = ranges > 0 && given === 0;
  if (endpointSampler) {
    const params = transform.sampleParams(endpointRng(end), { width: 64, height: 64 }, options);
    for (const [key, value] of Object.entries(params))
      if (typeof value === 'number') shown[key] = round6(value);
  }
  return { end, options: collapsed, shown, endpointSampler };
}

/** Params of one image under a setting: the step's sampler, with the endpoint generator where needed. */
export function sampleSetting(
  transform: Transform,
  setting: EndpointSetting,
  rng: Rng,
  size: ImageSize,
): Params {
  return transform.sampleParams(
    setting.endpointSampler ? endpointRng(setting.end) : rng,
    size,
    setting.options,
  );
}

/**
 * A generator stuck at one end: uniform draws give the range's min (0) or max (just below 1), integer draws
 * their lower or upper bound. Used to read a sampler's effective range without restating its defaults.
 */
export function endpointRng(end: End): Rng {
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
