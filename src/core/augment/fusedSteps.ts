import type { AugImage } from './augImage';
import { applyColourChain, type ColourStep } from './ops/colourChain';
import { cropResize } from './ops/resize';
import type { Params, Transform } from './transform';
import type { BrightnessParams } from './transforms/brightness';
import type { ContrastParams } from './transforms/contrast';
import type { CropParams } from './transforms/randomResizedCrop';
import type { SaturationParams } from './transforms/saturation';

/** A transform with the params drawn for it: what runPipeline applies and a manifest replays. */
export interface StepToApply {
  transform: Transform;
  params: Params;
}

/** Transforms whose apply is cropResize of their params (a flip after them folds into it). */
const CROPS = new Set(['randomResizedCrop', 'randomCrop']);

/**
 * Applies `steps` in order, as each transform's apply would one after the other, with the same bytes, in fewer
 * passes over the pixels: a horizontal flip right after a crop is the crop written mirrored, and a run of
 * brightness, contrast and saturation steps is one colour chain (ops/colourChain.ts). Every other step is its
 * transform's apply. test/unit/fusedSteps.test.ts holds the bit-for-bit equality.
 */
export function applySteps(image: AugImage, steps: readonly StepToApply[]): AugImage {
  let current = image;
  let i = 0;
  while (i < steps.length) {
    const { transform, params } = steps[i];
    const colour = colourRun(steps, i);
    if (colour.length > 1) {
      current = applyColourChain(current, colour);
      i += colour.length;
    } else if (CROPS.has(transform.name) && steps[i + 1]?.transform.name === 'flipHorizontal') {
      const p = params as CropParams;
      current = cropResize(current, p, p.outHeight, p.outWidth, p.interpolation, true);
      i += 2;
    } else {
      current = transform.apply(current, params);
      i++;
    }
  }
  return current;
}

/** The colour steps the chain runs, from `start` on, as long as they follow one another. */
function colourRun(steps: readonly StepToApply[], start: number): ColourStep[] {
  const run: ColourStep[] = [];
  for (let i = start; i < steps.length; i++) {
    const step = colourStepOf(steps[i]);
    if (!step) break;
    run.push(step);
  }
  return run;
}

function colourStepOf({ transform, params }: StepToApply): ColourStep | undefined {
  switch (transform.name) {
    case 'brightness': {
      const p = params as BrightnessParams;
      return { kind: 'brightness', factor: p.factor, add: p.delta * 255 };
    }
    case 'contrast': {
      const p = params as ContrastParams;
      return { kind: 'contrast', factor: p.factor, luma: p.mean === 'luma' };
    }
    case 'saturation':
      return { kind: 'saturation', factor: (params as SaturationParams).factor };
    default:
      return undefined;
  }
}
