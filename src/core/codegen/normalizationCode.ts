import { pyComment, pyFloats } from './pyLiteral';

/** Featurewise mean / std on the 0..1 scale (pixel / 255), as analyze computes them. */
export interface MeanStd {
  mean: readonly number[];
  std: readonly number[];
}

/**
 * The Keras preprocessing block (Rescaling to 0..1, then Normalization with the dataset's mean and variance), the
 * same text for export-code and the panel's copy button. Constants at full precision: users paste them into
 * training code, so they stay exactly what analyze computed; std² keeps 15 significant digits, which drops the
 * float noise of the square (0.2² = 0.04000000000000001).
 */
export function kerasPreprocess(norm: MeanStd | undefined): string[] {
  const constants = norm
    ? [
        `MEAN = ${pyFloats(norm.mean)}`,
        `VARIANCE = ${pyFloats(
          norm.std.map((s) => s * s),
          15,
        )}  # std²`,
      ]
    : [];
  return [
    ...constants,
    'preprocess = keras.Sequential(',
    '    [',
    '        keras.layers.Rescaling(1.0 / 255),',
    ...(norm ? ['        keras.layers.Normalization(mean=MEAN, variance=VARIANCE),'] : []),
    '    ],',
    '    name="preprocess",',
    ')',
  ];
}

/** torchvision v2 Normalize with the dataset's mean and std, for float images on 0..1 (after ToDtype(scale=True)). */
export function torchvisionNormalize(norm: MeanStd): string[] {
  return [
    `MEAN = ${pyFloats(norm.mean)}`,
    `STD = ${pyFloats(norm.std)}`,
    'normalize = v2.Normalize(mean=MEAN, std=STD)',
  ];
}

/** Why the constants are missing, where nothing was given to compute them from. */
export function missingNormalization(): string[] {
  return [
    pyComment('No normalization constants: run export-code with --stats report.json or --dataset DIR.'),
  ];
}
