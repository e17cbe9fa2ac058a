import type { PipelineStep } from '../pipeline/pipelineTypes';
import { code, ints, num, numberOf, py, rangeOf, stringOf, type Emitter, type StepCode } from './python';

const INTERPOLATION: Record<string, string> = {
  bilinear: 'T.InterpolationMode.BILINEAR',
  nearest: 'T.InterpolationMode.NEAREST',
};

function withP(step: PipelineStep, transform: string): string {
  return step.p >= 1 ? transform : `T.RandomApply([${transform}], p=${num(step.p)})`;
}

/** torchvision's affine ops fill with a constant only: say so when the pipeline asked for another fill. */
function fillNote(step: PipelineStep): string[] {
  const fill = stringOf(step.options, 'fill');
  return fill === 'constant'
    ? []
    : [
        `${step.name}: torchvision fills uncovered pixels with a constant; fill "${fill}" has no equivalent (constant used).`,
      ];
}

function affineArgs(step: PipelineStep): string {
  return `interpolation=${INTERPOLATION[stringOf(step.options, 'interpolation')]}, fill=${num(numberOf(step.options, 'fillValue'))}`;
}

/** Symmetric ±max of a range, for torchvision arguments that only take one bound. */
function symmetric(range: readonly [number, number] | undefined): number {
  return range ? Math.max(Math.abs(range[0]), Math.abs(range[1])) : 0;
}

/** torchvision.transforms (v1 API, PIL images in, so it runs on torchvision 0.14 and newer). */
export const TORCHVISION_EMITTERS: Readonly<Record<string, Emitter>> = {
  flipHorizontal: (s) => code(`T.RandomHorizontalFlip(p=${num(s.p)})`),
  flipVertical: (s) => code(`T.RandomVerticalFlip(p=${num(s.p)})`),
  rotate: (s) => {
    const degrees =
      rangeOf(s.options, 'degrees') ??
      (rangeOf(s.options, 'factor') ?? [-15 / 360, 15 / 360]).map((f) => f * 360);
    return code(withP(s, `T.RandomRotation(degrees=${py(degrees)}, ${affineArgs(s)})`), ...fillNote(s));
  },
  translate: (s) => {
    const x = rangeOf(s.options, 'x');
    const y = rangeOf(s.options, 'y');
    const notes = fillNote(s);
    if (x && y && (x[0] !== -x[1] || y[0] !== -y[1]))
      notes.push('translate: torchvision shifts symmetrically (±max); the asymmetric range was widened.');
    return code(
      withP(s, `T.RandomAffine(degrees=0, translate=${py([symmetric(x), symmetric(y)])}, ${affineArgs(s)})`),
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
    return code(
      withP(s, `T.RandomAffine(degrees=0, scale=${py([1 / (1 + h[1]), 1 / (1 + h[0])])}, ${affineArgs(s)})`),
      ...notes,
    );
  },
  shear: (s) => {
    const x = rangeOf(s.options, 'x') ?? [0, 0];
    const y = rangeOf(s.options, 'y') ?? [0, 0];
    return code(
      withP(s, `T.RandomAffine(degrees=0, shear=${py([...x, ...y])}, ${affineArgs(s)})`),
      ...fillNote(s),
      'shear: torchvision composes x and y shear as a forward matrix; angles agree, the exact sampling map differs slightly.',
    );
  },
  randomResizedCrop: (s) => {
    const size = s.options.size as readonly number[] | undefined;
    const interpolation = INTERPOLATION[stringOf(s.options, 'interpolation')];
    const args = `scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, interpolation=${interpolation}`;
    return code(
      withP(s, `T.RandomResizedCrop(${size ? ints(size) : 'IMAGE_SIZE'}, ${args})`),
      ...(size
        ? []
        : ['randomResizedCrop: dataset-lens keeps each source size; torchvision needs one: set IMAGE_SIZE.']),
      'randomResizedCrop: torchvision resizes with antialiasing (PIL); dataset-lens resizes as tf.image.resize (no antialias).',
    );
  },
  randomCrop: (s) =>
    code(
      withP(
        s,
        `T.RandomCrop(${ints(s.options.size as readonly number[])}, pad_if_needed=True, padding_mode="reflect")`,
      ),
      'randomCrop: images smaller than the crop are padded here, resized in dataset-lens (as Keras).',
    ),
  brightness: (s) => {
    const factor = rangeOf(s.options, 'factor');
    if (factor) return code(withP(s, `T.ColorJitter(brightness=${py(factor)})`));
    const delta = rangeOf(s.options, 'delta') ?? [-0.2, 0.2];
    return code(
      withP(s, `T.ColorJitter(brightness=${py([1 + delta[0] * 2, 1 + delta[1] * 2])})`),
      'brightness: torchvision only multiplies; the additive delta (Keras RandomBrightness) is approximated by factors 1 + 2 * delta (exact at mid-grey).',
    );
  },
  contrast: (s) =>
    code(
      withP(s, `T.ColorJitter(contrast=${py(rangeOf(s.options, 'factor'))})`),
      ...(stringOf(s.options, 'mean') === 'channel'
        ? ['contrast: torchvision scales about the mean grey level, not each channel mean (Keras).']
        : []),
    ),
  saturation: (s) => code(withP(s, `T.ColorJitter(saturation=${py(rangeOf(s.options, 'factor'))})`)),
  hue: (s) => code(withP(s, `T.ColorJitter(hue=${py(rangeOf(s.options, 'delta'))})`)),
  gamma: (s) =>
    code(
      withP(
        s,
        `T.Lambda(lambda img: TF.adjust_gamma(img, random.uniform(*${py(rangeOf(s.options, 'gamma'))})))`,
      ),
    ),
  gaussianNoise: (s) =>
    code(
      withP(
        s,
        `T.Lambda(lambda img: add_gaussian_noise(img, random.uniform(*${py(rangeOf(s.options, 'std'))})))`,
      ),
    ),
  gaussianBlur: (s) => {
    const sigma = rangeOf(s.options, 'sigma') ?? [0.1, 2];
    const kernel = numberOf(s.options, 'kernelSize') || 2 * Math.ceil(3 * sigma[1]) + 1;
    return code(
      withP(s, `T.GaussianBlur(kernel_size=${kernel}, sigma=${py(sigma)})`),
      ...(numberOf(s.options, 'kernelSize')
        ? []
        : ['gaussianBlur: torchvision needs a fixed kernel size; the one for the largest sigma is used.']),
    );
  },
  cutout: (s) => {
    const value =
      stringOf(s.options, 'fill') === 'random' ? '"random"' : num(numberOf(s.options, 'value') / 255);
    return code(
      `T.Compose([T.PILToTensor(), T.ConvertImageDtype(torch.float), T.RandomErasing(p=${num(s.p)}, scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, value=${value}), T.ToPILImage()])`,
      ...(stringOf(s.options, 'fill') === 'random'
        ? ['cutout: torchvision "random" fills with normal noise, dataset-lens with uniform 0..255.']
        : []),
    );
  },
  grayscale: (s) => code(`T.RandomGrayscale(p=${num(s.p)})`),
  channelShift: (s) =>
    code(
      withP(
        s,
        `T.Lambda(lambda img: shift_channels(img, ${py(rangeOf(s.options, 'shift'))}, per_channel=${py(s.options.perChannel)}))`,
      ),
    ),
};

export const TORCHVISION_HELPERS = `def add_gaussian_noise(img, std):
    """Adds N(0, (std * 255)^2) noise to a PIL image, clipped to 0..255."""
    a = np.asarray(img, dtype=np.float32)
    a = a + np.random.normal(0.0, std * 255.0, a.shape)
    return Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))


def shift_channels(img, shift_range, per_channel=True):
    """Adds a uniform shift (one per channel, or one for all) to a PIL image, clipped to 0..255."""
    a = np.asarray(img, dtype=np.float32)
    channels = 1 if a.ndim == 2 else a.shape[-1]
    shifts = np.random.uniform(*shift_range, size=channels if per_channel else 1)
    return Image.fromarray(np.clip(a + shifts + 0.5, 0, 255).astype(np.uint8))
`;

export function torchvisionStep(step: PipelineStep): StepCode {
  return TORCHVISION_EMITTERS[step.name](step);
}
