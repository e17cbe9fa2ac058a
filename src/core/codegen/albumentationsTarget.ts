import type { PipelineStep } from '../pipeline/pipelineTypes';
import { pyFloat, pyInt } from './pyLiteral';
import { code, derived, ints, numberOf, py, rangeOf, stringOf, type Emitter } from './python';

/** TF fill modes as OpenCV border modes: TF "reflect" repeats the edge (dcba|abcd), which is BORDER_REFLECT. */
const BORDER: Record<string, string> = {
  reflect: 'cv2.BORDER_REFLECT',
  wrap: 'cv2.BORDER_WRAP',
  constant: 'cv2.BORDER_CONSTANT',
  nearest: 'cv2.BORDER_REPLICATE',
};
const INTERPOLATION: Record<string, string> = { bilinear: 'cv2.INTER_LINEAR', nearest: 'cv2.INTER_NEAREST' };

function warpArgs(step: PipelineStep): string {
  const o = step.options;
  return `interpolation=${INTERPOLATION[stringOf(o, 'interpolation')]}, border_mode=${BORDER[stringOf(o, 'fill')]}, fill=${pyFloat(numberOf(o, 'fillValue'))}`;
}

const p = (step: PipelineStep) => `p=${pyFloat(step.p)}`;

/** albumentations >= 2.0 argument names (size=, fill=, std_range=, ...). */
export const ALBUMENTATIONS_EMITTERS: Readonly<Record<string, Emitter>> = {
  flipHorizontal: (s) => code(`A.HorizontalFlip(${p(s)})`),
  flipVertical: (s) => code(`A.VerticalFlip(${p(s)})`),
  rotate: (s) => {
    const degrees =
      rangeOf(s.options, 'degrees') ??
      (rangeOf(s.options, 'factor') ?? [-15 / 360, 15 / 360]).map((f) => f * 360);
    return code(`A.Rotate(limit=${py(degrees)}, ${warpArgs(s)}, ${p(s)})`);
  },
  translate: (s) =>
    code(
      `A.Affine(translate_percent={"x": ${py(rangeOf(s.options, 'x'))}, "y": ${py(rangeOf(s.options, 'y'))}}, ${warpArgs(s)}, ${p(s)})`,
    ),
  zoom: (s) => {
    const h = rangeOf(s.options, 'height') ?? [-0.2, 0.2];
    const w = rangeOf(s.options, 'width');
    const scale = (r: readonly [number, number]) =>
      derived([1 / (1 + r[1]), r[0] <= -1 ? 1e6 : 1 / (1 + r[0])]);
    const arg = w ? `{"x": ${scale(w)}, "y": ${scale(h)}}` : scale(h);
    return code(
      `A.Affine(scale=${arg}, keep_ratio=${w ? 'False' : 'True'}, ${warpArgs(s)}, ${p(s)})`,
      [],
      'zoom: albumentations scale = 1 / (1 + factor), drawn uniformly in scale rather than in factor.',
    );
  },
  shear: (s) =>
    code(
      `A.Affine(shear={"x": ${py(rangeOf(s.options, 'x'))}, "y": ${py(rangeOf(s.options, 'y'))}}, ${warpArgs(s)}, ${p(s)})`,
    ),
  randomResizedCrop: (s) => {
    const size = s.options.size as readonly number[] | undefined;
    const interpolation = INTERPOLATION[stringOf(s.options, 'interpolation')];
    return code(
      `A.RandomResizedCrop(size=${size ? ints(size) : 'IMAGE_SIZE'}, scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, interpolation=${interpolation}, ${p(s)})`,
      [],
      ...(size
        ? []
        : [
            'randomResizedCrop: dataset-lens keeps each source size; albumentations needs one: set IMAGE_SIZE.',
          ]),
    );
  },
  randomCrop: (s) => {
    const [h, w] = s.options.size as readonly number[];
    return code(
      `A.RandomCrop(height=${pyInt(h)}, width=${pyInt(w)}, pad_if_needed=True, ${p(s)})`,
      [],
      'randomCrop: images smaller than the crop are padded here, resized in dataset-lens (as Keras).',
    );
  },
  brightness: (s) => {
    const factor = rangeOf(s.options, 'factor');
    if (factor)
      return code(`A.ColorJitter(brightness=${py(factor)}, contrast=0, saturation=0, hue=0, ${p(s)})`);
    return code(
      `A.RandomBrightnessContrast(brightness_limit=${py(rangeOf(s.options, 'delta') ?? [-0.2, 0.2])}, contrast_limit=0, brightness_by_max=True, ${p(s)})`,
    );
  },
  contrast: (s) => {
    const factor = rangeOf(s.options, 'factor') ?? [0.8, 1.2];
    return code(
      `A.ColorJitter(brightness=0, contrast=${py(factor)}, saturation=0, hue=0, ${p(s)})`,
      [],
      ...(stringOf(s.options, 'mean') === 'channel'
        ? [
            'contrast: albumentations ColorJitter scales about the mean grey level, not each channel mean (Keras).',
          ]
        : []),
    );
  },
  saturation: (s) =>
    code(
      `A.ColorJitter(brightness=0, contrast=0, saturation=${py(rangeOf(s.options, 'factor'))}, hue=0, ${p(s)})`,
    ),
  hue: (s) =>
    code(
      `A.ColorJitter(brightness=0, contrast=0, saturation=0, hue=${py(rangeOf(s.options, 'delta'))}, ${p(s)})`,
    ),
  gamma: (s) => {
    const g = rangeOf(s.options, 'gamma') ?? [0.8, 1.2];
    return code(`A.RandomGamma(gamma_limit=${derived([g[0] * 100, g[1] * 100])}, ${p(s)})`);
  },
  gaussianNoise: (s) => code(`A.GaussNoise(std_range=${py(rangeOf(s.options, 'std'))}, ${p(s)})`),
  gaussianBlur: (s) => {
    const kernel = numberOf(s.options, 'kernelSize');
    return code(
      `A.GaussianBlur(blur_limit=${kernel ? ints([kernel, kernel]) : '0'}, sigma_limit=${py(rangeOf(s.options, 'sigma'))}, ${p(s)})`,
    );
  },
  cutout: (s) => {
    const fill =
      stringOf(s.options, 'fill') === 'random' ? '"random_uniform"' : pyFloat(numberOf(s.options, 'value'));
    return code(
      `A.Erasing(scale=${py(rangeOf(s.options, 'scale'))}, ratio=${py(rangeOf(s.options, 'ratio'))}, fill=${fill}, ${p(s)})`,
    );
  },
  grayscale: (s) => code(`A.ToGray(num_output_channels=3, ${p(s)})`),
  channelShift: (s) => {
    const r = py(rangeOf(s.options, 'shift'));
    return code(
      `A.RGBShift(r_shift_limit=${r}, g_shift_limit=${r}, b_shift_limit=${r}, ${p(s)})`,
      [],
      ...(s.options.perChannel === false
        ? [
            'channelShift: RGBShift draws one shift per channel; perChannel false (one for all) has no equivalent.',
          ]
        : []),
    );
  },
};
