import { quantile } from '../properties/properties';
import { compareNames } from '../util/names';
import { Growable } from '../util/growable';
import { exactGroups, nearGroups, parseHash64 } from './duplicates';
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
  /** The measured value the threshold was applied to (for duplicates and leakage: the group index). */
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
  /** How the scores are computed, for people reading the JSON. */
  notes: string[];
}

const NOTES = [
  'blur: std of the Laplacian of a <=128 px grey thumbnail divided by its std (edge abruptness, contrast-independent); flat thumbnails (std < 3 grey levels) get no score and are never blurry',
  'brightness percentiles and thumbnails use an evenly spaced grid of at most ~65k pixels per image; statistics use every pixel',
];

/**
 * Keeps the few numbers each check needs per image, in typed arrays (a million images cost tens of MB), and runs
 * the checks once every image has been seen (odd_size and duplicates need the whole dataset).
 */
export class QualityCollector {
  private readonly files: string[] = [];
  private readonly splits: (string | undefined)[] = [];
  private readonly labels: (string | undefined)[] = [];
  private readonly width = new Growable(Uint32Array);
  private readonly height = new Growable(Uint32Array);
  private readonly greyAsColour = new Growable(Uint8Array);
  private readonly hashedChannels = new Growable(Uint8Array);
  private readonly p5 = new Growable(Float64Array);
  private readonly p99 = new Growable(Float64Array);
  private readonly entropy = new Growable(Float64Array);
  /** NaN for "flat, no score". */
  private readonly blur = new Growable(Float64Array);
  private readonly phashHi = new Growable(Uint32Array);
  private readonly phashLo = new Growable(Uint32Array);
  private readonly pixelHi = new Growable(Uint32Array);
  private readonly pixelLo = new Growable(Uint32Array);

  add(
    file: string,
    where: { split?: string; label?: string },
    width: number,
    height: number,
    m: ImageMeasures,
  ): void {
    this.files.push(file);
    this.splits.push(where.split);
    this.labels.push(where.label);
    this.width.push(width);
    this.height.push(height);
    const colour = m.histogram.channels === 3;
    this.greyAsColour.push(colour && m.histogram.channelsEqual ? 1 : 0);
    this.hashedChannels.push(colour && !m.histogram.channelsEqual ? 3 : 1);
    this.p5.push(m.brightnessP5);
    this.p99.push(m.brightnessP99);
    this.entropy.push(m.entropy);
    this.blur.push(m.blur ?? NaN);
    const [ph, pl] = parseHash64(m.phash);
    this.phashHi.push(ph);
    this.phashLo.push(pl);
    const [xh, xl] = parseHash64(m.pixelHash);
    this.pixelHi.push(xh);
    this.pixelLo.push(xl);
  }

  finish(t: QualityThresholds): { report: QualityReport; issues: QualityIssue[] } {
    const n = this.files.length;
    // Work in file-name order so nothing depends on the order in which workers finished.
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      compareNames(this.files[a], this.files[b]),
    );
    const at = <T extends Float64Array | Uint32Array | Uint8Array>(g: Growable<T>): T => {
      const src = g.view();
      const out = new (src.constructor as { new (length: number): T })(n);
      for (let k = 0; k < n; k++) out[k] = src[order[k]];
      return out;
    };
    const files = Array.from(order, (i) => this.files[i]);
    const splits = Array.from(order, (i) => this.splits[i]);
    const labels = Array.from(order, (i) => this.labels[i]);
    const [width, height, p5, p99, entropy, blur] = [
      at(this.width),
      at(this.height),
      at(this.p5),
      at(this.p99),
      at(this.entropy),
      at(this.blur),
    ];
    const greyAsColour = at(this.greyAsColour);
    const found: QualityIssue[] = [];
    const push = (i: number, kind: QualityKind, score: number, message: string) =>
      found.push({ file: files[i], kind, message, score });

    const side = Float64Array.from({ length: n }, (_, i) => Math.sqrt(width[i] * height[i])).sort();
    const q1 = n ? quantile(side, 0.25) : 0;
    const q3 = n ? quantile(side, 0.75) : 0;
    const low = q1 - t.oddSizeIqr * (q3 - q1);
    const high = q3 + t.oddSizeIqr * (q3 - q1);

    for (let i = 0; i < n; i++) {
      const w = width[i];
      const h = height[i];
      if (p99[i] < t.dark)
        push(i, 'dark', p99[i], `99th percentile brightness ${p99[i].toFixed(3)} < ${t.dark}`);
      if (p5[i] > t.light)
        push(i, 'light', p5[i], `5th percentile brightness ${p5[i].toFixed(3)} > ${t.light}`);
      const aspect = Math.min(w / h, h / w);
      if (aspect < t.oddAspectRatio)
        push(
          i,
          'odd_aspect_ratio',
          aspect,
          `${w}x${h}: aspect ratio ${aspect.toFixed(3)} < ${t.oddAspectRatio}`,
        );
      const s = Math.sqrt(w * h);
      if (s < low || s > high)
        push(
          i,
          'odd_size',
          s,
          `${w}x${h}: sqrt(w*h) ${s.toFixed(1)} outside [${low.toFixed(1)}, ${high.toFixed(1)}] (${t.oddSizeIqr} IQR)`,
        );
      if (entropy[i] < t.lowInformation)
        push(i, 'low_information', entropy[i], `entropy ${entropy[i].toFixed(2)} bits < ${t.lowInformation}`);
      if (blur[i] < t.blurry) push(i, 'blurry', blur[i], `sharpness ${blur[i].toFixed(3)} < ${t.blurry}`);
      if (greyAsColour[i])
        push(
          i,
          'grayscale',
          0,
          'colour file whose three channels are equal everywhere (a grey picture stored as RGB)',
        );
    }

    const exact = exactGroups(
      [at(this.pixelHi), at(this.pixelLo), width, height, at(this.hashedChannels)],
      n,
    );
    exact.forEach((group, g) => {
      for (const i of group) push(i, 'exact_duplicate', g, `identical pixels to ${others(files, group, i)}`);
    });
    // Near duplicates among distinct pictures only (one representative per exact group): no pair is reported twice.
    const copiesOf = new Map<number, number[]>();
    for (const group of exact) copiesOf.set(group[0], group);
    const inLaterCopy = new Uint8Array(n);
    for (const group of exact) for (const i of group.slice(1)) inLaterCopy[i] = 1;
    const representatives = Array.from({ length: n }, (_, i) => i).filter((i) => !inLaterCopy[i]);
    const phashHi = at(this.phashHi);
    const phashLo = at(this.phashLo);
    const nearSearch = nearGroups(
      {
        hi: Uint32Array.from(representatives, (i) => phashHi[i]),
        lo: Uint32Array.from(representatives, (i) => phashLo[i]),
      },
      t.nearDuplicateDistance,
    );
    const near = nearSearch.groups.map((g) => ({
      members: g.members.map((k) => representatives[k]),
      distance: g.maxDistance,
    }));
    near.forEach((group, g) => {
      for (const i of group.members)
        push(
          i,
          'near_duplicate',
          g,
          `looks like ${others(files, group.members, i)} (perceptual hash within ${group.distance} bits)`,
        );
    });

    const leakage: LeakageGroup[] = [];
    const checkLeak = (kind: 'exact' | 'near', all: number[]) => {
      const groupSplits = unique(all.map((i) => splits[i]));
      const groupClasses = unique(all.map((i) => labels[i]));
      const across: LeakageGroup['across'] = [];
      if (groupSplits.length > 1) across.push('splits');
      if (groupClasses.length > 1) across.push('classes');
      if (!across.length) return;
      leakage.push({
        kind,
        across,
        files: all.map((i) => files[i]),
        splits: groupSplits,
        classes: groupClasses,
      });
      const what = kind === 'exact' ? 'same pixels' : 'near-identical';
      for (const i of all)
        push(
          i,
          'leakage',
          leakage.length - 1,
          `${what} across ${across.join(' and ')}: ${others(files, all, i)}`,
        );
    };
    for (const group of exact) checkLeak('exact', group);
    for (const group of near)
      checkLeak(
        'near',
        group.members.flatMap((i) => copiesOf.get(i) ?? [i]),
      );

    const counts = Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as Record<QualityKind, number>;
    for (const issue of found) counts[issue.kind]++;
    const summarised = QUALITY_KINDS.filter((k) => n > 0 && counts[k] > t.summariseAbove * n);
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
        notes: nearSearch.capped
          ? [
              ...NOTES,
              'near duplicates: some hash buckets were too large to compare exhaustively; a few distant pairs may be missed',
            ]
          : NOTES,
      },
      issues: found.filter((issue) => !summarised.includes(issue.kind)),
    };
  }
}

/** "a, b, c and 12 more": the other members of a group, in O(1) per member (groups can be thousands long). */
function others(files: string[], group: number[], self: number): string {
  const shown = group
    .slice(0, 4)
    .filter((i) => i !== self)
    .slice(0, 3);
  const rest = group.length - 1 - shown.length;
  const names = shown.map((i) => files[i]).join(', ');
  return rest > 0 ? `${names} and ${rest} more` : names;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort(compareNames);
}
