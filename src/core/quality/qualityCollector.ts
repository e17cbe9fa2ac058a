import { compareNames } from '../util/names';
import { quantile } from '../properties/properties';
import { exactGroups, nearGroups } from './duplicates';
import type { ImageMeasures } from './imageMeasures';
import type { QualityThresholds } from './qualityOptions';

export type QualityKind =
  | 'dark'
  | 'light'
  | 'odd_aspect_ratio'
  | 'odd_size'
  | 'low_information'
  | 'blurry'
  | 'grayscale'
  | 'exact_duplicate'
  | 'near_duplicate'
  | 'leakage';

export const QUALITY_KINDS: QualityKind[] = [
  'dark',
  'light',
  'odd_aspect_ratio',
  'odd_size',
  'low_information',
  'blurry',
  'grayscale',
  'exact_duplicate',
  'near_duplicate',
  'leakage',
];

export interface QualityIssue {
  file: string;
  kind: QualityKind;
  message: string;
  /** The measured value the threshold was applied to (for duplicates: the group number). */
  score: number;
}

export interface DuplicateGroup {
  files: string[];
  /** Largest Hamming distance between linked perceptual hashes (0 for exact duplicates). */
  distance: number;
}

export interface LeakageGroup {
  kind: 'exact' | 'near';
  /** 'splits': the same picture in two splits (e.g. train and test); 'classes': the same picture under two labels. */
  across: ('splits' | 'classes')[];
  files: string[];
  splits: string[];
  classes: string[];
}

export interface QualityReport {
  thresholds: QualityThresholds;
  /** Images with each kind of problem. */
  counts: Record<QualityKind, number>;
  /** Kinds found in more than `summariseAbove` of the images: counted here, not listed in `issues`. */
  summarised: QualityKind[];
  duplicates: { exact: DuplicateGroup[]; near: DuplicateGroup[] };
  leakage: LeakageGroup[];
  /** What the blur score means, for people reading the JSON. */
  notes: string[];
}

interface Where {
  split?: string;
  label?: string;
}

/** Keeps the few numbers each check needs per image (not the histograms) and runs the checks at the end. */
export class QualityCollector {
  private readonly files: string[] = [];
  private readonly where: Where[] = [];
  private readonly measures: Omit<ImageMeasures, 'histogram'>[] = [];
  private readonly sizes: { width: number; height: number; greyStoredAsColour: boolean }[] = [];

  add(file: string, where: Where, width: number, height: number, measures: ImageMeasures): void {
    this.files.push(file);
    this.where.push({ split: where.split, label: where.label });
    const { histogram, ...rest } = measures;
    this.measures.push(rest);
    this.sizes.push({ width, height, greyStoredAsColour: histogram.channels === 3 && histogram.channelsEqual });
  }

  finish(t: QualityThresholds): { report: QualityReport; issues: QualityIssue[] } {
    // Process in file order so the result does not depend on the order workers finished in.
    const order = this.files.map((_, i) => i).sort((a, b) => compareNames(this.files[a], this.files[b]));
    const files = order.map((i) => this.files[i]);
    const where = order.map((i) => this.where[i]);
    const measures = order.map((i) => this.measures[i]);
    const sizes = order.map((i) => this.sizes[i]);
    const found: QualityIssue[] = [];
    const push = (i: number, kind: QualityKind, score: number, message: string) => found.push({ file: files[i], kind, message, score });

    const side = Float64Array.from(sizes, (s) => Math.sqrt(s.width * s.height)).sort();
    const q1 = side.length ? quantile(side, 0.25) : 0;
    const q3 = side.length ? quantile(side, 0.75) : 0;
    const low = q1 - t.oddSizeIqr * (q3 - q1);
    const high = q3 + t.oddSizeIqr * (q3 - q1);

    measures.forEach((m, i) => {
      const { width, height, greyStoredAsColour } = sizes[i];
      if (m.brightnessP99 < t.dark) push(i, 'dark', m.brightnessP99, `99th percentile brightness ${m.brightnessP99.toFixed(3)} < ${t.dark}`);
      if (m.brightnessP5 > t.light) push(i, 'light', m.brightnessP5, `5th percentile brightness ${m.brightnessP5.toFixed(3)} > ${t.light}`);
      const aspect = Math.min(width / height, height / width);
      if (aspect < t.oddAspectRatio) push(i, 'odd_aspect_ratio', aspect, `${width}x${height}: aspect ratio ${aspect.toFixed(3)} < ${t.oddAspectRatio}`);
      const s = Math.sqrt(width * height);
      if (s < low || s > high) {
        push(i, 'odd_size', s, `${width}x${height}: sqrt(w*h) ${s.toFixed(1)} outside [${low.toFixed(1)}, ${high.toFixed(1)}] (${t.oddSizeIqr} IQR)`);
      }
      if (m.entropy < t.lowInformation) push(i, 'low_information', m.entropy, `entropy ${m.entropy.toFixed(2)} bits < ${t.lowInformation}`);
      if (m.blur !== null && m.blur < t.blurry) push(i, 'blurry', m.blur, `sharpness ${m.blur.toFixed(3)} < ${t.blurry}`);
      if (greyStoredAsColour) push(i, 'grayscale', 0, 'colour file whose three channels are equal everywhere (a grey picture stored as RGB)');
    });

    const exact = exactGroups(measures.map((m) => m.pixelHash));
    exact.forEach((group, g) => {
      for (const i of group) push(i, 'exact_duplicate', g, `identical pixels to ${others(files, group, i)}`);
    });
    // Near duplicates among distinct pictures only: one representative per exact group.
    const inExact = new Map<number, number[]>();
    for (const group of exact) for (const i of group) inExact.set(i, group);
    const representatives = files.map((_, i) => i).filter((i) => !inExact.has(i) || inExact.get(i)![0] === i);
    const near = nearGroups(representatives.map((i) => measures[i].phash), t.nearDuplicateDistance).map((g) => ({
      members: g.members.map((k) => representatives[k]),
      distance: g.maxDistance,
    }));
    near.forEach((group, g) => {
      for (const i of group.members) push(i, 'near_duplicate', g, `looks like ${others(files, group.members, i)} (perceptual hash within ${group.distance} bits)`);
    });

    const leakage: LeakageGroup[] = [];
    const checkLeak = (kind: 'exact' | 'near', members: number[]) => {
      const all = kind === 'exact' ? members : members.flatMap((i) => inExact.get(i) ?? [i]);
      const splits = unique(all.map((i) => where[i].split));
      const classes = unique(all.map((i) => where[i].label));
      const across: LeakageGroup['across'] = [];
      if (splits.length > 1) across.push('splits');
      if (classes.length > 1) across.push('classes');
      if (!across.length) return;
      leakage.push({ kind, across, files: all.map((i) => files[i]), splits, classes });
      for (const i of all) {
        push(i, 'leakage', leakage.length - 1, `${kind === 'exact' ? 'same pixels' : 'near-identical'} across ${across.join(' and ')}: ${others(files, all, i)}`);
      }
    };
    for (const group of exact) checkLeak('exact', group);
    for (const group of near) checkLeak('near', group.members);

    const counts = Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as Record<QualityKind, number>;
    for (const issue of found) counts[issue.kind]++;
    const summarised = QUALITY_KINDS.filter((k) => files.length > 0 && counts[k] > t.summariseAbove * files.length && k !== 'leakage');
    const issues = found.filter((issue) => !summarised.includes(issue.kind));
    return {
      report: {
        thresholds: t,
        counts,
        summarised,
        duplicates: {
          exact: exact.map((g) => ({ files: g.map((i) => files[i]), distance: 0 })),
          near: near.map((g) => ({ files: g.members.map((i) => files[i]), distance: g.distance })),
        },
        leakage,
        notes: [
          'blur: std of the Laplacian of a <=128 px grey thumbnail divided by its std (edge abruptness, contrast-independent); flat thumbnails (std < 3 grey levels) get no score and are never blurry',
          'brightness percentiles and thumbnails use an evenly spaced grid of at most ~65k pixels per image; statistics use every pixel',
        ],
      },
      issues,
    };
  }
}

function others(files: string[], group: number[], self: number): string {
  const names = group.filter((i) => i !== self).map((i) => files[i]);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort(compareNames);
}
