/**
 * Declarative option specs: the one source for the runtime validator, the JSON Schema, the TypeScript option types
 * and the docs. A transform file declares `options` with these and never re-states a range anywhere else.
 */

/** `[min, max]`, min <= max: every random range in a pipeline has this shape. */
export type Range = readonly [number, number];
/** `[height, width]` in pixels. */
export type Size = readonly [number, number];

interface SpecBase {
  /** One line for the docs, the JSON Schema description and editor hovers. */
  doc: string;
  /** The option must be given (only for options that have no sensible default). */
  required?: boolean;
}

export interface NumberSpec extends SpecBase {
  type: 'number';
  min: number;
  max: number;
  integer?: boolean;
  default?: number;
}

export interface RangeSpec extends SpecBase {
  type: 'range';
  min: number;
  max: number;
  default?: Range;
  /**
   * The same quantity as `option` in another unit (this = that × scale): editors edit `option` and show this one
   * derived, read-only, so a step never holds two values that disagree.
   */
  derivedFrom?: { option: string; scale: number };
}

export interface EnumSpec<V extends string = string> extends SpecBase {
  type: 'enum';
  values: readonly V[];
  default?: V;
}

export interface BooleanSpec extends SpecBase {
  type: 'boolean';
  default?: boolean;
}

export interface SizeSpec extends SpecBase {
  type: 'size';
  default?: Size;
}

export type OptionSpec = NumberSpec | RangeSpec | EnumSpec | BooleanSpec | SizeSpec;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S> = S extends { type: 'number' }
  ? number
  : S extends { type: 'range' }
    ? Range
    : S extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : S extends { type: 'boolean' }
        ? boolean
        : S extends { type: 'size' }
          ? Size
          : never;

/** The resolved options of a transform: defaults filled in; options without a default may be absent. */
export type OptionsOf<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends { default: unknown } | { required: true }
    ? ValueOf<S[K]>
    : ValueOf<S[K]> | undefined;
};

export type OptionValue = number | boolean | string | Range | Size;
export type ResolvedOptions = Readonly<Record<string, OptionValue | undefined>>;

/** Fill modes of Keras' preprocessing layers (TF ImageProjectiveTransformV3), shared by every geometric transform. */
export const FILL_MODES = ['reflect', 'wrap', 'constant', 'nearest'] as const;
export type FillMode = (typeof FILL_MODES)[number];
export const INTERPOLATIONS = ['bilinear', 'nearest'] as const;
export type Interpolation = (typeof INTERPOLATIONS)[number];

/** The `fill`, `fillValue` and `interpolation` options every warp takes, with Keras' defaults. */
export const WARP_OPTIONS = {
  fill: {
    type: 'enum',
    values: FILL_MODES,
    default: 'reflect',
    doc: 'How points outside the image are filled: reflect (dcba|abcd|dcba), wrap, constant (fillValue) or nearest.',
  },
  fillValue: { type: 'number', min: 0, max: 255, default: 0, doc: 'Value used by fill "constant" (0..255).' },
  interpolation: { type: 'enum', values: INTERPOLATIONS, default: 'bilinear', doc: 'Resampling filter.' },
} as const satisfies OptionSpecs;

/** A human description of what a spec accepts, used in error messages and docs. */
export function expectedText(spec: OptionSpec): string {
  switch (spec.type) {
    case 'number':
      return `${spec.integer ? 'an integer' : 'a number'} between ${spec.min} and ${spec.max}`;
    case 'range':
      return `[min, max] with ${spec.min} <= min <= max <= ${spec.max}`;
    case 'enum':
      return `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'size':
      return '[height, width], positive integers';
  }
}
