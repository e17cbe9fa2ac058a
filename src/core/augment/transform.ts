import type { Rng } from '../util/rng';
import type { AugImage, ImageSize } from './augImage';
import type { OptionSpecs, OptionsOf, ResolvedOptions } from './optionSpec';

/** A JSON value a sampler may produce: params go into manifests and previews verbatim. */
export type ParamValue = number | boolean | string | readonly number[];
export type Params = Readonly<Record<string, ParamValue>>;

/** A cross-option rule broken (e.g. both `degrees` and `factor` given), reported like a bad option. */
export interface OptionIssue {
  option: string;
  expected: string;
  received: unknown;
}

export type TransformKind = 'geometry' | 'colour' | 'noise';

/**
 * One augmentation, albumentations-style: a schema of options with defaults, a sampler that draws every random
 * number the op needs (from the seeded generator it is handed, nothing else), and a pure `apply`.
 * Params carry everything `apply` needs, so a manifest entry alone reproduces an output.
 */
export interface TransformDef<S extends OptionSpecs, P extends Params> {
  name: string;
  kind: TransformKind;
  /** One paragraph for docs and editor hovers: what it does and whose semantics it follows. */
  doc: string;
  /** Default probability of applying the transform (torchvision's / Keras' own default where one exists). */
  defaultP: number;
  options: S;
  /** Rules across options, checked after each option is valid on its own. */
  check?(options: OptionsOf<S>): OptionIssue[];
  sampleParams(rng: Rng, image: ImageSize, options: OptionsOf<S>): P;
  apply(image: AugImage, params: P): AugImage;
  /**
   * Params drawn for an image of size `full`, for the same image resized to `working`: pixel measures scaled and
   * kept inside (the preview applies export's params to images shrunk to its cells). Needed when a param is in
   * pixels; the others mean the same at any size.
   */
  atScale?(params: P, full: ImageSize, working: ImageSize): P;
  /** The output size for `params` on an image of `size`, when it is not `size`. */
  outputSize?(params: P, size: ImageSize): ImageSize;
  /** A short label for preview grids, e.g. "rotate 12.3°". */
  describe(params: P): string;
}

/** A transform with its types erased, as the registry and the pipeline runner hold it. */
export interface Transform {
  readonly name: string;
  readonly kind: TransformKind;
  readonly doc: string;
  readonly defaultP: number;
  readonly options: OptionSpecs;
  check?(options: ResolvedOptions): OptionIssue[];
  sampleParams(rng: Rng, image: ImageSize, options: ResolvedOptions): Params;
  apply(image: AugImage, params: Params): AugImage;
  atScale?(params: Params, full: ImageSize, working: ImageSize): Params;
  outputSize?(params: Params, size: ImageSize): ImageSize;
  describe(params: Params): string;
}

/**
 * Types each transform file against its own option specs; the registry then holds them side by side.
 * Method parameters are bivariant, so no cast is needed: the validator guarantees options match the specs.
 */
export function defineTransform<const S extends OptionSpecs, P extends Params>(
  def: TransformDef<S, P>,
): Transform {
  return def;
}

/** Uniform in [range[0], range[1]]: the one way a sampler turns a `[min, max]` option into a value. */
export function uniform(rng: Rng, range: readonly [number, number]): number {
  return range[0] + (range[1] - range[0]) * rng.next();
}

/**
 * [start, start + length) of an axis of `full` pixels, on the same axis resized to `working` pixels: both ends
 * rounded and kept inside, at least one pixel long.
 */
export function scaledSpan(start: number, length: number, full: number, working: number): [number, number] {
  const scale = working / full;
  const first = Math.min(working - 1, Math.round(start * scale));
  const end = Math.min(working, Math.round((start + length) * scale));
  return [first, Math.max(1, end - first)];
}

/** Rounds for labels and manifests: 4 significant decimals is plenty to read, and stays stable. */
export function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
