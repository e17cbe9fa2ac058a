import path from 'node:path';
import { assertGreyPng, ensureGeneratedSet, type GeneratedSet } from '../data/generatedSet';
import { writeLargePhoto, writePhoto } from '../data/photo';
import { TINY_CLASSES, writeTiny } from '../data/tinyImage';

/** A folder the analysis bench runs every tool on. */
export interface AnalysisSet {
  /** Short name in logs and results.json: tiny, photos, large, or data:<folder name>. */
  name: string;
  /** What it holds, as the history tables are headed ("50,000 28x28 grey PNGs"). */
  label: string;
  /** Lossless files: our statistics must equal the peer's exactly (JPEG decoders may differ by a grey level). */
  lossless: boolean;
  /** The folder, generated first when needed. */
  prepare(): Promise<string>;
}

export interface SetChoice {
  quick: boolean;
  large: boolean;
  /** Folders of real data to run besides the generated sets. */
  data: readonly string[];
}

/**
 * 50,000 28x28 grey PNGs (Fashion-MNIST-like) and 2,000 JPEG photos 256..640 px; with `large`, 160 12-megapixel
 * JPEGs (more than two batches, so both workers run) for the memory of camera-sized images; `quick` makes each
 * set ten times smaller or so, for a sanity run. Then each real-data folder as it is.
 */
export function analysisSets(dataRoot: string, choice: SetChoice): AnalysisSet[] {
  const tiny: GeneratedSet = {
    name: 'tiny',
    count: choice.quick ? 5000 : 50000,
    classes: TINY_CLASSES,
    ext: 'png',
    write: writeTiny,
    check: assertGreyPng,
  };
  const photos: GeneratedSet = {
    name: 'photos',
    count: choice.quick ? 300 : 2000,
    classes: 5,
    ext: 'jpg',
    write: (file, index) => writePhoto(file, index),
  };
  const large: GeneratedSet = {
    name: 'large',
    count: choice.quick ? 24 : 160,
    classes: 2,
    ext: 'jpg',
    write: (file, index) => writeLargePhoto(file, index),
  };
  const generated = (set: GeneratedSet, label: string, lossless: boolean): AnalysisSet => ({
    name: set.name,
    label,
    lossless,
    prepare: () => ensureGeneratedSet(dataRoot, set),
  });
  const count = (n: number): string => n.toLocaleString('en-US');
  return [
    generated(tiny, `${count(tiny.count)} 28x28 grey PNGs`, true),
    generated(photos, `${count(photos.count)} JPEG photos 256–640 px`, false),
    ...(choice.large ? [generated(large, `${count(large.count)} 12-megapixel JPEGs`, false)] : []),
    ...choice.data.map((dir): AnalysisSet => ({
      name: `data:${path.basename(dir)}`,
      label: `real data: ${dir}`,
      lossless: false,
      prepare: async () => dir,
    })),
  ];
}
