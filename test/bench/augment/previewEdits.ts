import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobClient } from '../../../src/extension/jobs/jobClient';
import type { PipelineDocument } from '../../../src/protocol/messages';
import { writePhoto } from '../data/photo';
import { TINY_CLASSES, writeTiny } from '../data/tinyImage';
import { median } from '../measure/stats';

/** The edits timed, in turn: the last step (brightness), a middle one (rotate), the first (the crop). */
export type EditedStep = 'last' | 'middle' | 'first';
const EDITS: readonly EditedStep[] = ['last', 'middle', 'first'];

/** One preview grid as the panel asks for it: 10 classes x (original + 3 variants), cells of 160 px. */
export const PREVIEW_GRID = { classes: 10, perClass: 1, variants: 3, cellSize: 160 } as const;

export interface PreviewEditTimes {
  /** The data set's folder name, and what it holds. */
  set: string;
  rows: number;
  /** The first preview of a fresh job process: every source decoded. */
  firstMs: number;
  /** Per edited step: median wall ms from the request to the encoded grid, and the job process's CPU ms. */
  edits: Record<EditedStep, { ms: number; cpuMs: number }>;
}

/** The chain (randomResizedCrop, flip, rotate with reflect fill, brightness), with one value per edit. */
function chain(crop: number, degrees: number, brightness: number): PipelineDocument {
  return {
    version: 1,
    seed: 1,
    transforms: [
      { name: 'randomResizedCrop', scale: [crop, 1] },
      { name: 'flipHorizontal', p: 0.5 },
      { name: 'rotate', degrees: [-degrees, degrees], fill: 'reflect' },
      { name: 'brightness', factor: [1 - brightness, 1 + brightness] },
    ],
  };
}

/** utime + stime of `pid` in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Times preview edits in the extension's job process (dist/jobs.js of `distDir`), as the panel sends them (holding
 * the pictures of the last grid): a first preview, then `edits` edits cycling through the last, a middle and the first step, each timed from the
 * request to the grid's encoded cells (wall) and by the job process's CPU time.
 */
export async function timePreviewEdits(
  distDir: string,
  root: string,
  edits: number,
): Promise<PreviewEditTimes> {
  const jobs = new JobClient(distDir);
  const values = { crop: 0.6, degrees: 15, brightness: 0.3 };
  // The keys of the pictures of the last grid: the panel holds them and says so (PreviewParams.held).
  let held: string[] = [];
  const preview = async () => {
    const { crop, degrees, brightness } = values;
    const started = performance.now();
    const result = await jobs.run({
      type: 'preview',
      root,
      pipeline: chain(crop, degrees, brightness),
      perClass: PREVIEW_GRID.perClass,
      variants: PREVIEW_GRID.variants,
      cellSize: PREVIEW_GRID.cellSize,
      held,
    });
    held = result.rows.flatMap((row) => [row.original, ...row.variants]).flatMap((c) => (c ? [c.key] : []));
    if (result.rows.length < PREVIEW_GRID.classes)
      throw new Error(
        `${root}: ${result.rows.length} preview rows, expected ${PREVIEW_GRID.classes} classes`,
      );
    return { ms: performance.now() - started, rows: result.rows.length };
  };
  try {
    const first = await preview();
    const pid = jobs.pid!;
    const times: Record<EditedStep, { ms: number[]; cpuMs: number[] }> = {
      last: { ms: [], cpuMs: [] },
      middle: { ms: [], cpuMs: [] },
      first: { ms: [], cpuMs: [] },
    };
    for (let i = 0; i < edits; i++) {
      const step = EDITS[i % EDITS.length];
      if (step === 'last') values.brightness = values.brightness === 0.3 ? 0.2 : 0.3;
      else if (step === 'middle') values.degrees = values.degrees === 15 ? 20 : 15;
      else values.crop = values.crop === 0.6 ? 0.5 : 0.6;
      const cpu = cpuMsOf(pid);
      const { ms } = await preview();
      times[step].ms.push(ms);
      times[step].cpuMs.push(cpuMsOf(pid) - cpu);
    }
    const summary = (step: EditedStep) => ({ ms: median(times[step].ms), cpuMs: median(times[step].cpuMs) });
    return {
      set: path.basename(root),
      rows: first.rows,
      firstMs: first.ms,
      edits: { last: summary('last'), middle: summary('middle'), first: summary('first') },
    };
  } finally {
    jobs.dispose();
  }
}

const PER_CLASS = 40;

/** 10 classes x 40 generated photos of 256..640 x 256..480 px (JPEG q90), made once under `parent`. */
export async function ensurePreviewPhotos(parent: string): Promise<string> {
  return ensureSet(parent, 'preview-photos-10x40', (file, index) => writePhoto(`${file}.jpg`, index));
}

/** 10 classes x 40 generated 28x28 grey PNGs (Fashion-MNIST-like), made once under `parent`. */
export async function ensurePreviewTiny(parent: string): Promise<string> {
  return ensureSet(parent, 'preview-tiny-10x40', (file, index, cls) =>
    writeTiny(`${file}.png`, index, cls % TINY_CLASSES),
  );
}

async function ensureSet(
  parent: string,
  name: string,
  write: (file: string, index: number, cls: number) => Promise<void>,
): Promise<string> {
  const root = path.join(parent, name);
  const complete = path.join(root, '.complete');
  if (existsSync(complete)) return root;
  rmSync(root, { recursive: true, force: true });
  for (let cls = 0; cls < PREVIEW_GRID.classes; cls++) {
    const dir = path.join(root, `class${cls}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) await write(path.join(dir, `img${i}`), cls * PER_CLASS + i, cls);
  }
  writeFileSync(complete, '');
  return root;
}
