import type { PipelineStep } from '../pipeline/pipelineTypes';
import { maxAbs, maxTurn, paramRange } from './stepRanges';

/** What a step can do to an image, in the terms the rules speak: mirrors, turns and colour changes. */
export interface StepFacts {
  mirrorsLeftRight: boolean;
  mirrorsUpDown: boolean;
  /** Largest turn from upright the step can apply, 0..180 degrees. */
  turn: number;
  /** Largest hue shift, in turns (0.5 = 180°). */
  hueShift: number;
  /** Smallest saturation factor (1 = unchanged, 0 = grey). */
  saturationMin: number;
  removesColour: boolean;
  /** Largest per-channel shift (0..255) when channels move independently, else 0. */
  channelShift: number;
  /** Largest change of overall brightness, as a multiplier's distance from 1 or a delta in 0..1 units. */
  brightnessChange: number;
}

const NONE: StepFacts = {
  mirrorsLeftRight: false,
  mirrorsUpDown: false,
  turn: 0,
  hueShift: 0,
  saturationMin: 1,
  removesColour: false,
  channelShift: 0,
  brightnessChange: 0,
};

/** The facts of one step at its configured range (p = 0 steps never run: they do nothing). */
export function stepFacts(step: PipelineStep): StepFacts {
  if (step.p <= 0) return NONE;
  const range = (param: string) => paramRange(step, param);
  switch (step.name) {
    case 'flipHorizontal':
      return { ...NONE, mirrorsLeftRight: true };
    case 'flipVertical':
      return { ...NONE, mirrorsUpDown: true };
    case 'rotate': {
      const degrees = range('degrees');
      return { ...NONE, turn: degrees ? maxTurn(degrees) : 0 };
    }
    case 'hue':
      return { ...NONE, hueShift: maxAbs(range('delta') ?? [0, 0]) };
    case 'saturation':
      return { ...NONE, saturationMin: (range('factor') ?? [1, 1])[0] };
    case 'grayscale':
      return { ...NONE, removesColour: true };
    case 'channelShift': {
      const shift = maxAbs(range('shifts') ?? [0, 0]);
      return step.options.perChannel === false
        ? { ...NONE, brightnessChange: shift / 255 }
        : { ...NONE, channelShift: shift };
    }
    case 'brightness': {
      const delta = maxAbs(range('delta') ?? [0, 0]);
      return { ...NONE, brightnessChange: Math.max(delta, factorChange(range('factor'))) };
    }
    case 'gamma':
      return { ...NONE, brightnessChange: factorChange(range('gamma')) };
    case 'contrast':
      return { ...NONE, brightnessChange: factorChange(range('factor')) };
    default:
      return NONE;
  }
}

/** How far a multiplier range strays from 1, symmetric in ratio: x0.5 and x2 both give 0.5. */
function factorChange(range: readonly [number, number] | undefined): number {
  if (!range) return 0;
  const away = (f: number) => (f >= 1 ? 1 - 1 / f : 1 - f);
  return Math.max(away(Math.max(range[0], 1e-6)), away(Math.max(range[1], 1e-6)));
}
