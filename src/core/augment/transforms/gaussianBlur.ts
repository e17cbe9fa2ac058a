import { gaussianBlur as blur } from '../ops/blur';
import { defineTransform, uniform } from '../transform';

export type GaussianBlurParams = { sigma: number; kernelSize: number };

/** torchvision GaussianBlur: separable kernel, reflect borders; the kernel size follows sigma unless fixed. */
export const gaussianBlur = defineTransform({
  name: 'gaussianBlur',
  kind: 'noise',
  doc:
    'Blurs with a Gaussian of sigma drawn from `sigma` ([min, max] pixels), reflect borders, as torchvision ' +
    'GaussianBlur(kernel_size, sigma). `kernelSize` 0 (default) picks 2 * ceil(3 sigma) + 1 per image.',
  defaultP: 1,
  options: {
    sigma: { type: 'range', min: 0.01, max: 50, default: [0.1, 2], doc: 'Sigma range in pixels.' },
    kernelSize: {
      type: 'number',
      min: 0,
      max: 201,
      integer: true,
      default: 0,
      doc: 'Odd kernel size, or 0 to derive it from sigma.',
    },
  },
  check: (o) =>
    o.kernelSize !== 0 && o.kernelSize % 2 === 0
      ? [{ option: 'kernelSize', expected: 'an odd integer or 0', received: o.kernelSize }]
      : [],
  sampleParams: (rng, _image, o): GaussianBlurParams => {
    const sigma = uniform(rng, o.sigma);
    return { sigma, kernelSize: o.kernelSize || 2 * Math.ceil(3 * sigma) + 1 };
  },
  apply: (image, p) => blur(image, p.kernelSize, p.sigma),
  atScale: (p, full, working) => {
    // As the probe scales blur options (probe/workingScale.ts): sigma by the mean scale, the kernel kept odd.
    const scale = Math.sqrt((working.width * working.height) / (full.width * full.height));
    const kernelSize = Math.max(1, 2 * Math.round((p.kernelSize * scale - 1) / 2) + 1);
    return { sigma: Math.max(0.01, p.sigma * scale), kernelSize };
  },
  describe: (p) => `blur σ${p.sigma.toFixed(2)}`,
});
