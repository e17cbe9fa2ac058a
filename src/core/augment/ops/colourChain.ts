import type { AugImage } from '../augImage';
import { createImageToOverwrite } from '../augImage';
import { brighten, saturate, scaleContrast } from './colour';

/**
 * A colour step the chain runs: what brightness, contrast and saturation compute, from their params.
 * `add` is brightness' delta * 255; `luma` is contrast's mean "luma".
 */
export type ColourStep =
  | { kind: 'brightness'; factor: number; add: number }
  | { kind: 'contrast'; factor: number; luma: boolean }
  | { kind: 'saturation'; factor: number };

/**
 * Consecutive colour steps written into one output buffer: the first step reads the input, the others rewrite the
 * output in place, each in its own tight loop (the loops of ops/colour.ts, which the transforms run too). Allocating an image-sized buffer per step cost more than the step
 * itself (page faults), and one loop per step compiled far better than one loop running every step per pixel
 * (measured). The bytes are each step's apply one after the other (test/unit/fusedSteps.test.ts).
 */
export function applyColourChain(image: AugImage, steps: readonly ColourStep[]): AugImage {
  const out = createImageToOverwrite(image.width, image.height, image.channels);
  const dst = out.data;
  const { channels } = image;
  let src = image.data;
  for (const step of steps) {
    if (step.kind === 'brightness') brighten(src, dst, step.factor, step.add);
    else if (step.kind === 'contrast') scaleContrast(src, dst, channels, step.factor, step.luma);
    else if (channels === 3) saturate(src, dst, step.factor);
    else if (src !== dst) dst.set(src);
    src = dst;
  }
  return out;
}
