import { readFileSync } from 'node:fs';
import { fromDecoded, toBytes, type AugImage } from '../../../src/core/augment/augImage';
import { findTransform } from '../../../src/core/augment/registry';
import { decodeImage } from '../../../src/core/decode/decodeImage';
import { listDataset } from '../../../src/core/export/listDataset';
import { encodeImage, outputFormatFor } from '../../../src/core/export/outputFormat';
import { outputRng, runPipeline } from '../../../src/core/pipeline/runPipeline';
import type { Pipeline } from '../../../src/core/pipeline/pipelineTypes';
import { validatePipeline } from '../../../src/core/pipeline/validatePipeline';

/** CPU ms per image of one step of the export, summed over the sample and divided by the images it ran on. */
export interface StepCost {
  step: string;
  /** Images (outputs) the step ran on: a pipeline step that did not fire is not counted. */
  images: number;
  cpuMs: number;
}

export interface StepCosts {
  sampled: number;
  steps: StepCost[];
  /** The fired steps applied one by one (each transform's apply), and together as export applies them. */
  oneByOneMs: number;
  fusedMs: number;
}

/** User + system ms of this process (every thread: sharp's work on the libuv pool counts). */
function cpuNowMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * What each step of an export costs per image, in this one process: decode (sharp), the float copy, each
 * pipeline step applied alone, the 8-bit rounding and the encode at quality 75, over `sample` sources spread
 * over `root` (each augmented once, as copy 0). CPU time, not wall time: steadier on a shared machine.
 */
export async function measureStepCosts(
  root: string,
  pipelineJson: unknown,
  sample: number,
): Promise<StepCosts> {
  const pipeline: Pipeline = validatePipeline(pipelineJson);
  const { entries } = await listDataset(root);
  const every = Math.max(1, Math.floor(entries.length / sample));
  const chosen = entries.filter((_, i) => i % every === 0).slice(0, sample);
  const totals = new Map<string, { images: number; cpuMs: number }>();
  const add = (step: string, ms: number) => {
    const total = totals.get(step) ?? { images: 0, cpuMs: 0 };
    total.images++;
    total.cpuMs += ms;
    totals.set(step, total);
  };
  let oneByOneMs = 0;
  let fusedMs = 0;
  for (const [index, entry] of chosen.entries()) {
    // Read once untimed, so the timed read finds the page cache (as the export's repeated runs do).
    readFileSync(typeof entry.open === 'string' ? entry.open : Buffer.from(entry.open));
    let t = cpuNowMs();
    const decoded = await decodeImage(entry.open);
    add('read + decode', cpuNowMs() - t);
    t = cpuNowMs();
    const source = fromDecoded(decoded);
    add('to float32', cpuNowMs() - t);

    const rng = () => outputRng(pipeline.seed, entry.file, 0);
    // The params drawn for this output (untimed: the sampling is the same both ways).
    const { applied } = runPipeline(pipeline, source, rng());
    const together = (): AugImage => {
      const started = cpuNowMs();
      const image = runPipeline(pipeline, source, rng()).image;
      fusedMs += cpuNowMs() - started;
      return image;
    };
    const alone = (): AugImage => {
      let current: AugImage = source;
      for (const step of applied) {
        const started = cpuNowMs();
        current = findTransform(step.name)!.apply(current, step.params);
        const ms = cpuNowMs() - started;
        add(step.name, ms);
        oneByOneMs += ms;
      }
      return current;
    };
    // Alternating which runs first, so neither always finds the other's garbage to collect.
    const [fused, single] = index % 2 ? [together(), alone()] : [alone(), together()].reverse();
    if (!Buffer.from(fused.data.buffer).equals(Buffer.from(single.data.buffer)))
      throw new Error(`${entry.file}: the fused steps and the steps one by one differ`);

    t = cpuNowMs();
    const pixels = toBytes(fused);
    add('to 8-bit', cpuNowMs() - t);
    const { format } = outputFormatFor(entry.file);
    t = cpuNowMs();
    await encodeImage(pixels, fused, format, { quality: 75 });
    add(`encode (${format})`, cpuNowMs() - t);
  }
  const count = chosen.length;
  return {
    sampled: count,
    steps: [...totals].map(([step, total]) => ({
      step,
      images: total.images,
      cpuMs: total.cpuMs / total.images,
    })),
    oneByOneMs: oneByOneMs / count,
    fusedMs: fusedMs / count,
  };
}
