import type { PipelineStep } from '../pipeline/pipelineTypes';
import { pyBool, pyFloat, pyInt, pyStr } from './pyLiteral';
import { code, numberOf, py, rangeOf, stringOf, type Emitter, type StepCode } from './python';

/**
 * Keras 3 (keras.layers / keras.ops), inputs NHWC on the 0..255 scale. A built-in layer is used only where its
 * sampling and arithmetic match dataset-lens exactly (checked against keras-team/keras, see docs/codegen.md);
 * everything else is one of the small layers in kerasLayers.ts.
 */

/** Per-image probability p. Built-in layers have none, so p < 1 wraps the layer in RandomApply. */
function withP(step: PipelineStep, layer: string, helpers: string[] = []): StepCode {
  if (step.p >= 1) return code(layer, helpers);
  return code(`RandomApply(${layer}, p=${pyFloat(step.p)}, seed=SEED_APPLY)`, [...helpers, 'RandomApply']);
}

/** A step whose output size differs from its input cannot be skipped per image inside one Keras batch. */
function sizeChanging(step: PipelineStep, layer: string, helpers: string[]): StepCode {
  const c = code(layer, helpers);
  if (step.p < 1)
    c.notes.push(
      `${step.name}: p=${pyFloat(step.p)} applied to every image here: images of one Keras batch share one size, so the step cannot be skipped per image.`,
    );
  return c;
}

function warpArgs(step: PipelineStep): string {
  const o = step.options;
  return `fill_mode=${py(o.fill)}, interpolation=${py(o.interpolation)}, fill_value=${pyFloat(numberOf(o, 'fillValue'))}`;
}

/** RandomPerImage: one uniform value per image (or per channel) fed to a function of (x, value). */
function perImage(
  step: PipelineStep,
  fn: string,
  range: readonly [number, number],
  helpers: string[] = [],
  perChannel = false,
) {
  const layer = `RandomPerImage(${fn}, ${pyFloat(range[0])}, ${pyFloat(range[1])}, per_channel=${pyBool(perChannel)}, seed=SEED)`;
  return withP(step, layer, ['RandomPerImage', ...helpers]);
}

function flip(axis: number, mode: string): Emitter {
  // RandomFlip flips each image when uniform() <= 0.5: exactly p = 0.5.
  return (s) =>
    s.p === 0.5
      ? code(`layers.RandomFlip(${pyStr(mode)}, seed=SEED)`)
      : withP(s, `layers.Lambda(lambda x: ops.flip(x, axis=${axis}))`);
}

export const KERAS_EMITTERS: Readonly<Record<string, Emitter>> = {
  flipHorizontal: flip(-2, 'horizontal'),
  flipVertical: flip(-3, 'vertical'),
  rotate: (s) => {
    // Keras draws factor * 360 degrees and rotates with the matrix of dataset-lens' rotate.
    const factor = rangeOf(s.options, 'factor');
    const degrees = rangeOf(s.options, 'degrees') ?? [-15, 15];
    const arg = factor ? py(factor) : py(degrees.map((d) => d / 360));
    return withP(s, `layers.RandomRotation(factor=${arg}, ${warpArgs(s)}, seed=SEED)`);
  },
  translate: (s) =>
    withP(
      s,
      `layers.RandomTranslation(height_factor=${py(rangeOf(s.options, 'y'))}, width_factor=${py(rangeOf(s.options, 'x'))}, ${warpArgs(s)}, seed=SEED)`,
    ),
  zoom: (s) => {
    const height = rangeOf(s.options, 'height') ?? [-0.2, 0.2];
    const width = rangeOf(s.options, 'width');
    // Keras refuses a factor of -1 (a zero-size sampling area); the custom warp takes it.
    if (height[0] <= -1 || (width && width[0] <= -1)) {
      return withP(s, `RandomCentredWarp("zoom", ${py(width)}, ${py(height)}, ${warpArgs(s)}, seed=SEED)`, [
        'RandomCentredWarp',
      ]);
    }
    return withP(
      s,
      `layers.RandomZoom(height_factor=${py(height)}, width_factor=${py(width)}, ${warpArgs(s)}, seed=SEED)`,
    );
  },
  shear: (s) =>
    withP(
      s,
      `RandomCentredWarp("shear", ${py(rangeOf(s.options, 'x'))}, ${py(rangeOf(s.options, 'y'))}, ${warpArgs(s)}, seed=SEED)`,
      ['RandomCentredWarp'],
    ),
  randomResizedCrop: (s) => {
    const size = s.options.size as readonly number[] | undefined;
    const sizeArg = size ? `(${pyInt(size[0])}, ${pyInt(size[1])})` : 'None';
    const layer = `RandomResizedCrop(${sizeArg}, scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, interpolation=${py(s.options.interpolation)}, seed=SEED)`;
    return sizeChanging(s, layer, ['RandomResizedCrop']);
  },
  randomCrop: (s) => {
    const [h, w] = s.options.size as readonly number[];
    return sizeChanging(s, `RandomCrop(${pyInt(h)}, ${pyInt(w)}, seed=SEED)`, ['RandomCrop']);
  },
  brightness: (s) => {
    const factor = rangeOf(s.options, 'factor');
    if (factor) return perImage(s, 'lambda x, f: ops.clip(x * f, 0.0, 255.0)', factor);
    // RandomBrightness adds factor * 255 (value_range width) and clips: dataset-lens delta exactly.
    return withP(
      s,
      `layers.RandomBrightness(factor=${py(rangeOf(s.options, 'delta') ?? [-0.2, 0.2])}, value_range=(0, 255), seed=SEED)`,
    );
  },
  contrast: (s) => {
    const [lo, hi] = rangeOf(s.options, 'factor') ?? [0.8, 1.2];
    const channel = stringOf(s.options, 'mean') === 'channel';
    // RandomContrast sorts its two bounds and draws from [1 - low, 1 + high]: exact only for a range symmetric
    // about 1 (an asymmetric [0.5, 1.2] would run as [0.8, 1.5]).
    if (channel && Math.abs(1 - lo - (hi - 1)) < 1e-12 && 1 - lo <= 1) {
      // A tuple: a single float f would mean [1, 1 + f] (its lower bound is clamped to 0).
      const a = pyFloat(1 - lo, 15);
      return withP(s, `layers.RandomContrast(factor=(${a}, ${a}), value_range=(0, 255), seed=SEED)`);
    }
    const mean = channel ? 'x' : 'luma(x)';
    return perImage(
      s,
      `lambda x, f: scale_about(x, f, ops.mean(${mean}, axis=(1, 2), keepdims=True))`,
      [lo, hi],
      ['scale_about', ...(channel ? [] : ['luma'])],
    );
  },
  saturation: (s) =>
    perImage(
      s,
      'lambda x, f: ops.clip(luma(x) + f * (x - luma(x)), 0.0, 255.0)',
      rangeOf(s.options, 'factor') ?? [0.8, 1.2],
      ['luma'],
    ),
  hue: (s) => {
    const [lo, hi] = rangeOf(s.options, 'delta') ?? [-0.05, 0.05];
    // RandomHue draws |delta| * 2 from factor and a random sign: factor (0, 2d) is uniform on [-d, d].
    if (lo === -hi) {
      return withP(s, `layers.RandomHue(factor=(0.0, ${pyFloat(2 * hi)}), value_range=(0, 255), seed=SEED)`);
    }
    return withP(s, `RandomHueShift(${pyFloat(lo)}, ${pyFloat(hi)}, seed=SEED)`, ['RandomHueShift']);
  },
  gamma: (s) =>
    perImage(
      s,
      'lambda x, g: 255.0 * ops.power(ops.clip(x, 0.0, 255.0) / 255.0, g)',
      rangeOf(s.options, 'gamma') ?? [0.8, 1.2],
    ),
  gaussianNoise: (s) => {
    const [lo, hi] = rangeOf(s.options, 'std') ?? [0.01, 0.05];
    return withP(s, `RandomGaussianNoise(${pyFloat(lo)}, ${pyFloat(hi)}, seed=SEED)`, [
      'RandomGaussianNoise',
    ]);
  },
  gaussianBlur: (s) => {
    const [lo, hi] = rangeOf(s.options, 'sigma') ?? [0.1, 2];
    const kernel = numberOf(s.options, 'kernelSize');
    return withP(s, `RandomBlur(${pyFloat(lo)}, ${pyFloat(hi)}, kernel_size=${pyInt(kernel)}, seed=SEED)`, [
      'RandomBlur',
    ]);
  },
  cutout: (s) => {
    const value = stringOf(s.options, 'fill') === 'random' ? 'None' : pyFloat(numberOf(s.options, 'value'));
    return withP(
      s,
      `RandomCutout(${py(rangeOf(s.options, 'scale'))}, ${py(rangeOf(s.options, 'ratio'))}, value=${value}, seed=SEED)`,
      ['RandomCutout'],
    );
  },
  // Keras' rgb_to_grayscale weighs 0.2989 R (and its RandomGrayscale returns one channel before broadcasting).
  grayscale: (s) =>
    withP(s, 'layers.Lambda(lambda x: ops.repeat(luma(x), ops.shape(x)[-1], axis=-1))', ['luma']),
  channelShift: (s) =>
    perImage(
      s,
      'lambda x, v: ops.clip(x + v, 0.0, 255.0)',
      rangeOf(s.options, 'shift') ?? [-20, 20],
      [],
      s.options.perChannel === true,
    ),
};
