import type { AugImage, ImageSize } from '../augment/augImage';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { stepAtScale, type AugmentResult, type ScaledState } from '../pipeline/runPipeline';
import type { SeededRng } from '../util/rng';

/** The state after each step of the last run of a variant, and its generator there. */
interface Kept {
  keys: string[];
  states: { state: ScaledState; rng: SeededRng }[];
  samples: number;
}

/** Intermediate images kept between previews, at most this many float samples in all. */
const KEPT_SAMPLES = 16_000_000;
const kept = new Map<string, Kept>();
let keptSamples = 0;

/**
 * runPipelineAtScale for one variant of the preview, re-running only what an edit changed: the state after each
 * step is kept, so a run whose first n steps are those of the variant's last run (same names, p and options) on
 * the same working image starts after them. A step's draws depend only on its options and the state before it,
 * so the result is runPipelineAtScale's (variantSteps.test.ts). `id` names the file, the copy and the seed;
 * `ran` is the number of steps run.
 */
export function runVariant(
  id: string,
  pipeline: Pipeline,
  working: AugImage,
  size: ImageSize,
  rng: SeededRng,
): AugmentResult & { ran: number } {
  const keys = pipeline.steps.map((step) => JSON.stringify([step.name, step.p, step.options]));
  const last = kept.get(id);
  const first = last?.states[0].state;
  const reusable =
    first?.image === working && first.full.width === size.width && first.full.height === size.height;
  let states: Kept['states'];
  if (last && reusable) {
    let same = 0;
    while (same < keys.length && same < last.keys.length && keys[same] === last.keys[same]) same++;
    states = last.states.slice(0, same + 1);
  } else states = [{ state: { image: working, full: size, applied: [], steps: [] }, rng: rng.clone() }];
  const start = states.length - 1;
  let { state } = states[start];
  const generator = states[start].rng.clone();
  for (let index = start; index < keys.length; index++) {
    state = stepAtScale(state, pipeline.steps[index], index, generator);
    states.push({ state, rng: generator.clone() });
  }
  keep(id, { keys, states, samples: states.reduce((sum, s) => sum + s.state.image.data.length, 0) });
  return {
    image: state.image,
    applied: [...state.applied],
    steps: [...state.steps],
    ran: keys.length - start,
  };
}

function keep(id: string, entry: Kept): void {
  const old = kept.get(id);
  if (old) {
    keptSamples -= old.samples;
    kept.delete(id);
  }
  if (entry.samples > KEPT_SAMPLES) return;
  kept.set(id, entry);
  keptSamples += entry.samples;
  for (const [oldest, value] of kept) {
    if (keptSamples <= KEPT_SAMPLES) break;
    kept.delete(oldest);
    keptSamples -= value.samples;
  }
}
