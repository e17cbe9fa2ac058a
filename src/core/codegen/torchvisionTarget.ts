import type { PipelineStep } from '../pipeline/pipelineTypes';
import { pyFloat, pyInt } from './pyLiteral';
import { code, ints, numberOf, py, rangeOf, stringOf, type Emitter, type Helper } from './python';

/**
 * torchvision.transforms.v2 (torchvision >= 0.16) on float image tensors on the 0..1 scale (the pipeline starts
 * with ToImage + ToDtype(scale=True)), so no step rounds to uint8 in between, as in dataset-lens. Values given in
 * 0..255 units (fill values, shifts) are divided by 255.
 */

const INTERPOLATION: Record<string, string> = {
  bilinear: 'v2.InterpolationMode.BILINEAR',
  nearest: 'v2.InterpolationMode.NEAREST',
};
/** Resizing: torch's legacy "nearest" drops the half-pixel offset that tf.image.resize (dataset-lens) uses. */
const RESIZE_INTERPOLATION: Record<string, string> = {
  bilinear: 'v2.InterpolationMode.BILINEAR',
  nearest: 'v2.InterpolationMode.NEAREST_EXACT',
};

function withP(step: PipelineStep, transform: string): string {
  return step.p >= 1 ? transform : `v2.RandomApply([${transform}], p=${pyFloat(step.p)})`;
}

/** torchvision's affine ops fill with a constant only: say so when the pipeline asked for another fill. */
function fillNote(step: PipelineStep): string[] {
  const fill = stringOf(step.options, 'fill');
  return fill === 'constant'
    ? []
    : [
        `${step.name}: torchvision fills uncovered pixels with a constant; fill ${py(fill)} has no equivalent (constant used).`,
      ];
}

function affineArgs(step: PipelineStep): string {
  return `interpolation=${INTERPOLATION[stringOf(step.options, 'interpolation')]}, fill=${pyFloat(numberOf(step.options, 'fillValue') / 255, 15)}`;
}

/** Symmetric ±max of a range, for torchvision arguments that only take one bound. */
function symmetric(range: readonly [number, number] | undefined): number {
  return range ? Math.max(Math.abs(range[0]), Math.abs(range[1])) : 0;
}

const LUMA_NOTE = (name: string) =>
  `${name}: torchvision's grey level on tensors weighs 0.2989 R (dataset-lens and PIL: 0.299).`;

const lambda = (s: PipelineStep, body: string, helpers: string[]) =>
  code(withP(s, `v2.Lambda(lambda img: ${body})`), helpers);

export const TORCHVISION_EMITTERS: Readonly<Record<string, Emitter>> = {
  flipHorizontal: (s) => code(`v2.RandomHorizontalFlip(p=${pyFloat(s.p)})`),
  flipVertical: (s) => code(`v2.RandomVerticalFlip(p=${pyFloat(s.p)})`),
  rotate: (s) => {
    const degrees =
      rangeOf(s.options, 'degrees') ??
      (rangeOf(s.options, 'factor') ?? [-15 / 360, 15 / 360]).map((f) => f * 360);
    return code(withP(s, `v2.RandomRotation(degrees=${py(degrees)}, ${affineArgs(s)})`), [], ...fillNote(s));
  },
  translate: (s) => {
    const x = rangeOf(s.options, 'x');
    const y = rangeOf(s.options, 'y');
    const notes = [...fillNote(s), 'translate: torchvision rounds each shift to whole pixels.'];
    if (x && y && (x[0] !== -x[1] || y[0] !== -y[1]))
      notes.push('translate: torchvision shifts symmetrically (±max); the asymmetric range was widened.');
    return code(
      withP(s, `v2.RandomAffine(degrees=0, translate=${py([symmetric(x), symmetric(y)])}, ${affineArgs(s)})`),
      [],
      ...notes,
    );
  },
  zoom: (s) => {
    const h = rangeOf(s.options, 'height') ?? [-0.2, 0.2];
    const notes = [
      ...fillNote(s),
      'zoom: torchvision scale = 1 / (1 + factor), drawn uniformly in scale rather than in factor.',
    ];
    if (rangeOf(s.options, 'width'))
      notes.push('zoom: torchvision scales both axes alike; the separate width range is not applied.');
    if (h[0] <= -1) notes.push('zoom: a factor of -1 (endless zoom-in) is capped at scale 1e6.');
    const scale = [1 / (1 + h[1]), h[0] <= -1 ? 1e6 : 1 / (1 + h[0])].map((v) => pyFloat(v, 15));
    return code(
      withP(s, `v2.RandomAffine(degrees=0, scale=(${scale.join(', ')}), ${affineArgs(s)})`),
      [],
      ...notes,
    );
  },
  shear: (s) => {
    const x = rangeOf(s.options, 'x') ?? [0, 0];
    const y = rangeOf(s.options, 'y') ?? [0, 0];
    return code(
      withP(s, `v2.RandomAffine(degrees=0, shear=${py([...x, ...y])}, ${affineArgs(s)})`),
      [],
      ...fillNote(s),
      'shear: torchvision composes x and y shear as a forward matrix; angles agree, the exact sampling map differs slightly.',
    );
  },
  randomResizedCrop: (s) => {
    const size = s.options.size as readonly number[] | undefined;
    const interpolation = RESIZE_INTERPOLATION[stringOf(s.options, 'interpolation')];
    // antialias=False: dataset-lens resizes as tf.image.resize, which torch's interpolate matches without it.
    const args = `scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, interpolation=${interpolation}, antialias=False`;
    return code(
      withP(s, `v2.RandomResizedCrop(${size ? ints(size) : 'IMAGE_SIZE'}, ${args})`),
      [],
      ...(size
        ? []
        : ['randomResizedCrop: dataset-lens keeps each source size; torchvision needs one: IMAGE_SIZE.']),
    );
  },
  randomCrop: (s) =>
    code(
      withP(
        s,
        `v2.RandomCrop(${ints(s.options.size as readonly number[])}, pad_if_needed=True, padding_mode="reflect")`,
      ),
      [],
      'randomCrop: images smaller than the crop are padded here, resized in dataset-lens (as Keras).',
    ),
  brightness: (s) => {
    const factor = rangeOf(s.options, 'factor');
    if (factor) return code(withP(s, `v2.ColorJitter(brightness=${py(factor)})`));
    // Keras-style additive delta: a fraction of 255 is the same fraction of 1 here.
    const [lo, hi] = rangeOf(s.options, 'delta') ?? [-0.2, 0.2];
    return lambda(s, `(img + uniform(${pyFloat(lo)}, ${pyFloat(hi)})).clamp(0.0, 1.0)`, ['uniform']);
  },
  contrast: (s) => {
    const [lo, hi] = rangeOf(s.options, 'factor') ?? [0.8, 1.2];
    if (stringOf(s.options, 'mean') === 'luma')
      return code(withP(s, `v2.ColorJitter(contrast=${py([lo, hi])})`), [], LUMA_NOTE('contrast'));
    // Keras-style: each channel about its own mean.
    return lambda(
      s,
      `scale_about(img, uniform(${pyFloat(lo)}, ${pyFloat(hi)}), img.mean(dim=(-2, -1), keepdim=True))`,
      ['uniform', 'scale_about'],
    );
  },
  saturation: (s) =>
    code(
      withP(s, `v2.ColorJitter(saturation=${py(rangeOf(s.options, 'factor'))})`),
      [],
      LUMA_NOTE('saturation'),
    ),
  hue: (s) => code(withP(s, `v2.ColorJitter(hue=${py(rangeOf(s.options, 'delta'))})`)),
  gamma: (s) => {
    const [lo, hi] = rangeOf(s.options, 'gamma') ?? [0.8, 1.2];
    return lambda(s, `v2.functional.adjust_gamma(img, uniform(${pyFloat(lo)}, ${pyFloat(hi)}))`, ['uniform']);
  },
  gaussianNoise: (s) => {
    const [lo, hi] = rangeOf(s.options, 'std') ?? [0.01, 0.05];
    return lambda(s, `add_gaussian_noise(img, uniform(${pyFloat(lo)}, ${pyFloat(hi)}))`, [
      'uniform',
      'add_gaussian_noise',
    ]);
  },
  gaussianBlur: (s) => {
    const [lo, hi] = rangeOf(s.options, 'sigma') ?? [0.1, 2];
    const kernel = numberOf(s.options, 'kernelSize');
    if (kernel) return code(withP(s, `v2.GaussianBlur(kernel_size=${pyInt(kernel)}, sigma=${py([lo, hi])})`));
    // v2.GaussianBlur takes one kernel size; dataset-lens sizes each image's kernel by its sigma.
    return lambda(s, `blur(img, uniform(${pyFloat(lo)}, ${pyFloat(hi)}))`, ['uniform', 'blur']);
  },
  cutout: (s) => {
    const random = stringOf(s.options, 'fill') === 'random';
    const value = random ? '"random"' : pyFloat(numberOf(s.options, 'value') / 255, 15);
    return code(
      `v2.RandomErasing(p=${pyFloat(s.p)}, scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, value=${value})`,
      [],
      ...(random
        ? ['cutout: torchvision "random" fills with normal noise, dataset-lens with uniform 0..255.']
        : []),
    );
  },
  grayscale: (s) => code(`v2.RandomGrayscale(p=${pyFloat(s.p)})`, [], LUMA_NOTE('grayscale')),
  channelShift: (s) => {
    const [lo, hi] = rangeOf(s.options, 'shift') ?? [-20, 20];
    return lambda(
      s,
      `shift_channels(img, ${pyFloat(lo)}, ${pyFloat(hi)}, per_channel=${py(s.options.perChannel)})`,
      ['shift_channels'],
    );
  },
};

/** Definitions printed above the pipeline when a step uses them; all randomness from torch's seeded generator. */
export const TORCHVISION_HELPERS: Readonly<Record<string, Helper>> = {
  uniform: {
    code: `def uniform(low, high):
    """One value drawn uniformly from [low, high] by torch's generator (seeded above)."""
    return float(torch.empty(()).uniform_(low, high))
`,
  },
  scale_about: {
    code: `def scale_about(img, f, mean):
    """(img - mean) * f + mean, clipped to 0..1."""
    return ((img - mean) * f + mean).clamp(0.0, 1.0)
`,
  },
  add_gaussian_noise: {
    code: `def add_gaussian_noise(img, std):
    """Adds N(0, std^2) noise (std a fraction of the full scale) to every sample, clipped to 0..1."""
    return (img + std * torch.randn_like(img)).clamp(0.0, 1.0)
`,
  },
  blur: {
    code: `def blur(img, sigma):
    """Gaussian blur with a kernel of 2 * ceil(3 sigma) + 1 taps, reflect borders."""
    return v2.functional.gaussian_blur(img, kernel_size=2 * math.ceil(3 * sigma) + 1, sigma=sigma)
`,
    imports: ['import math'],
  },
  shift_channels: {
    code: `def shift_channels(img, low, high, per_channel=True):
    """Adds a shift drawn from [low, high] (0..255 units), one per channel or one for all, clipped to 0..1."""
    shifts = torch.empty(img.shape[-3] if per_channel else 1).uniform_(low, high) / 255.0
    return (img + shifts[:, None, None]).clamp(0.0, 1.0)
`,
  },
};
