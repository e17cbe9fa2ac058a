import type { PipelineStep } from '../pipeline/pipelineTypes';
import { code, num, numberOf, py, rangeOf, stringOf, type Emitter, type StepCode } from './python';

const LUMA = '[0.299, 0.587, 0.114]';

/** Wraps a layer expression so it fires per image with probability p (Keras layers have no p of their own). */
function withP(step: PipelineStep, layer: string): string {
  return step.p >= 1 ? layer : `RandomApply(${layer}, p=${num(step.p)}, seed=SEED_APPLY)`;
}

function warpArgs(step: PipelineStep): string {
  const o = step.options;
  return `fill_mode=${py(o.fill)}, interpolation=${py(o.interpolation)}, fill_value=${num(numberOf(o, 'fillValue'))}, seed=SEED`;
}

/** One per-image random value in [low, high] fed to fn: exact versions of what Keras has no layer for. */
function perImage(
  step: PipelineStep,
  fn: string,
  range: readonly [number, number],
  perChannel = false,
): string {
  const layer = `RandomPerImage(${fn}, ${num(range[0])}, ${num(range[1])}, per_channel=${perChannel ? 'True' : 'False'}, seed=SEED)`;
  return withP(step, layer);
}

/** Keras 3 preprocessing layers (also tf.keras >= 2.9 where the layer exists), inputs on the 0..255 scale. */
export const KERAS_EMITTERS: Readonly<Record<string, Emitter>> = {
  flipHorizontal: (s) =>
    code(
      s.p === 0.5
        ? 'layers.RandomFlip("horizontal", seed=SEED)'
        : withP(s, 'layers.Lambda(lambda x: ops.flip(x, axis=-2))'),
    ),
  flipVertical: (s) =>
    code(
      s.p === 0.5
        ? 'layers.RandomFlip("vertical", seed=SEED)'
        : withP(s, 'layers.Lambda(lambda x: ops.flip(x, axis=-3))'),
    ),
  rotate: (s) => {
    const o = s.options;
    const factor = rangeOf(o, 'factor') ?? (rangeOf(o, 'degrees') ?? [-15, 15]).map((d) => d / 360);
    return code(withP(s, `layers.RandomRotation(factor=${py(factor)}, ${warpArgs(s)})`));
  },
  translate: (s) =>
    code(
      withP(
        s,
        `layers.RandomTranslation(height_factor=${py(rangeOf(s.options, 'y'))}, width_factor=${py(rangeOf(s.options, 'x'))}, ${warpArgs(s)})`,
      ),
    ),
  zoom: (s) =>
    code(
      withP(
        s,
        `layers.RandomZoom(height_factor=${py(rangeOf(s.options, 'height'))}, width_factor=${py(rangeOf(s.options, 'width'))}, ${warpArgs(s)})`,
      ),
    ),
  shear: (s) => {
    const tan = (r: readonly [number, number] | undefined) =>
      (r ?? [0, 0]).map((d) => Math.tan((d * Math.PI) / 180));
    return code(
      withP(
        s,
        `layers.RandomShear(x_factor=${py(tan(rangeOf(s.options, 'x')))}, y_factor=${py(tan(rangeOf(s.options, 'y')))}, ${warpArgs(s)})`,
      ),
      'shear: Keras >= 3.7 RandomShear, factors = tan(angle); its sampling and sign conventions are close to, not the same as, dataset-lens shear.',
    );
  },
  randomResizedCrop: (s) => {
    const scale = rangeOf(s.options, 'scale') ?? [0.08, 1];
    const zoom = [Math.sqrt(scale[0]) - 1, Math.sqrt(scale[1]) - 1];
    const lines = [withP(s, `layers.RandomZoom(height_factor=${py(zoom)}, fill_mode="reflect", seed=SEED)`)];
    const size = s.options.size as readonly number[] | undefined;
    if (size) lines.push(`layers.Resizing(${size[0]}, ${size[1]})`);
    return code(
      lines,
      'randomResizedCrop: Keras has no RandomResizedCrop; approximated by a centred RandomZoom covering the same area fraction (no aspect-ratio jitter, no random position).',
    );
  },
  randomCrop: (s) => {
    const [h, w] = s.options.size as readonly number[];
    return code(withP(s, `layers.RandomCrop(${h}, ${w}, seed=SEED)`));
  },
  brightness: (s) => {
    const factor = rangeOf(s.options, 'factor');
    if (factor) return code(perImage(s, 'lambda x, f: ops.clip(x * f, 0, 255)', factor));
    return code(
      withP(
        s,
        `layers.RandomBrightness(factor=${py(rangeOf(s.options, 'delta') ?? [-0.2, 0.2])}, value_range=(0, 255), seed=SEED)`,
      ),
    );
  },
  contrast: (s) => {
    const [lo, hi] = rangeOf(s.options, 'factor') ?? [0.8, 1.2];
    if (stringOf(s.options, 'mean') === 'channel' && lo <= 1 && hi >= 1) {
      return code(
        withP(s, `layers.RandomContrast(factor=${py([1 - lo, hi - 1])}, value_range=(0, 255), seed=SEED)`),
      );
    }
    const mean =
      stringOf(s.options, 'mean') === 'luma'
        ? 'ops.mean(grey(x), axis=(1, 2), keepdims=True)'
        : 'ops.mean(x, axis=(1, 2), keepdims=True)';
    return code(perImage(s, `lambda x, f: ops.clip((x - ${mean}) * f + ${mean}, 0, 255)`, [lo, hi]));
  },
  saturation: (s) =>
    code(
      perImage(
        s,
        `lambda x, f: ops.clip(grey(x) + f * (x - grey(x)), 0, 255)`,
        rangeOf(s.options, 'factor') ?? [0.8, 1.2],
      ),
    ),
  hue: (s) =>
    code(
      `# layers.RandomHue(...)  # hue ${py(rangeOf(s.options, 'delta'))} turns, p=${num(s.p)}`,
      'hue: no Keras layer with tf.image.adjust_hue semantics across versions; not applied (Keras >= 3.8 RandomHue uses a different factor scale).',
    ),
  gamma: (s) =>
    code(
      perImage(
        s,
        'lambda x, g: 255.0 * ops.power(ops.clip(x, 0, 255) / 255.0, g)',
        rangeOf(s.options, 'gamma') ?? [0.8, 1.2],
      ),
    ),
  gaussianNoise: (s) =>
    code(
      perImage(
        s,
        'lambda x, sd: ops.clip(x + sd * 255.0 * keras.random.normal(ops.shape(x)), 0, 255)',
        rangeOf(s.options, 'std') ?? [0.01, 0.05],
      ),
      'gaussianNoise: same distribution, but the noise itself is not seeded per image as in dataset-lens.',
    ),
  gaussianBlur: (s) =>
    code(
      `# gaussianBlur sigma=${py(rangeOf(s.options, 'sigma'))}, p=${num(s.p)}`,
      'gaussianBlur: tf.keras has no blur layer (Keras >= 3.9 RandomGaussianBlur has a different parameterisation); not applied.',
    ),
  cutout: (s) =>
    code(
      `# cutout scale=${py(rangeOf(s.options, 'scale'))} ratio=${py(rangeOf(s.options, 'ratio'))}, p=${num(s.p)}`,
      'cutout: Keras has no random-erasing layer in its stable API; not applied (use torchvision or albumentations, or keras_cv).',
    ),
  grayscale: (s) => code(withP(s, 'layers.Lambda(lambda x: ops.repeat(grey(x), ops.shape(x)[-1], axis=-1))')),
  channelShift: (s) =>
    code(
      perImage(
        s,
        'lambda x, v: ops.clip(x + v, 0, 255)',
        rangeOf(s.options, 'shift') ?? [-20, 20],
        s.options.perChannel === true,
      ),
    ),
};

/** The helpers the emitted layers use; printed once at the top of the Keras file. */
export const KERAS_HELPERS = `def grey(x):
    """Luma (BT.601) of an NHWC batch, keeping a channel axis; grey input is returned as is."""
    if x.shape[-1] == 1:
        return x
    return ops.sum(x * ops.convert_to_tensor(${LUMA}, dtype=x.dtype), axis=-1, keepdims=True)


class RandomApply(layers.Layer):
    """Applies \`layer\` to each image with probability p (dataset-lens \`p\`)."""

    def __init__(self, layer, p, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.layer, self.p = layer, p
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, x, training=True):
        if not training:
            return x
        mask = keras.random.uniform((ops.shape(x)[0], 1, 1, 1), seed=self.seed_generator) < self.p
        return ops.where(mask, self.layer(x, training=True), x)


class RandomPerImage(layers.Layer):
    """Draws one value per image (per channel if asked) from [low, high] and returns fn(x, value)."""

    def __init__(self, fn, low, high, per_channel=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.fn, self.low, self.high, self.per_channel = fn, low, high, per_channel
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, x, training=True):
        if not training:
            return x
        shape = (ops.shape(x)[0], 1, 1, ops.shape(x)[-1] if self.per_channel else 1)
        value = keras.random.uniform(shape, self.low, self.high, seed=self.seed_generator)
        return self.fn(x, value)
`;

export function kerasStep(step: PipelineStep): StepCode {
  return KERAS_EMITTERS[step.name](step);
}
