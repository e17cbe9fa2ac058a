import { quantile } from '../properties/quantile';
import { compareNames } from '../util/names';
import { Growable } from '../util/growable';
import { NameTable } from '../util/nameTable';
import { SpilledRecords } from '../util/spilledRecords';
import { exactGroups, hash64Half } from './duplicates';
import {
  contentNearGroups,
  hashNearGroups,
  type HashedImages,
  type NearDuplicateSource,
} from './nearDuplicateSearch';
import { NEAR_THUMBNAIL_SIDE } from './nearThumbnail';
import type { ImageMeasures } from './imageMeasures';
import { QUALITY_KINDS, type QualityKind } from './qualityKinds';
import type { QualityThresholds } from './qualityOptions';
import { severity, WORST_EXAMPLES } from './severity';

/** Never summarised, however many images it covers: a leak hidden in a count is a leak missed. */
const NEVER_SUMMARISED: QualityKind[] = ['leakage'];

export interface QualityIssue {
  file: string;
  kind: QualityKind;
  message: string;
  /** The measured value the threshold was applied to (for duplicates and leakage: the group index). */
  score: number;
  /** 0..1, how far past its threshold (see severity()): one scale for every kind. */
  severity: number;
  class?: string;
  split?: string;
}

export interface DuplicateGroup {
  files: string[];
  /**
   * Largest Hamming distance between the perceptual hashes of any two members (0 for exact duplicates); for groups
   * found by content, 1 - `similarity`.
   */
  distance: number;
  /** Near groups by perceptual hash: largest thumbnail distance between any two members (see thumbnailDistance). */
  thumbnailDistance?: number;
  /** How a near-duplicate group was found: perceptual hashes, or content vectors confirmed by pixels. */
  method?: 'perceptual-hash' | 'content';
  /** Content groups: lowest centred cosine between two members' content vectors. */
  similarity?: number;
  /** Content groups: lowest pixel agreement (high-pass correlation, mirror and crops allowed) of two members. */
  pixelAgreement?: number;
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
  /**
   * Kinds found in more than `summariseAbove` of the images: counted here, not listed in `issues`. Leakage is
   * never summarised.
   */
  summarised: QualityKind[];
  /** Of each summarised kind, its WORST_EXAMPLES most severe images (most severe first): what to look at first. */
  worst: QualityIssue[];
  /** Duplicate groups spanning splits or classes; listed before the duplicates they come from. */
  leakage: LeakageGroup[];
  duplicates: { exact: DuplicateGroup[]; near: DuplicateGroup[] };
  /** How the scores are computed, for people reading the JSON. */
  notes: string[];
}

const NOTES = [
  'blur: std of the Laplacian of a <=128 px grey thumbnail divided by its std (edge abruptness, contrast-independent); flat thumbnails (std < 3 grey levels) get no score and are never blurry',
  'brightness percentiles and the blur thumbnail use an evenly spaced grid of at most ~65k pixels per image; statistics and the perceptual hash use every pixel',
  "near duplicates: imagehash's phash (PIL convert('L'), LANCZOS 32x32, DCT, median; no EXIF rotation in imagehash, applied here) within nearDuplicateDistance bits AND 16x16 thumbnails within nearDuplicateThumbnailDistance (normalised RMS); every pair of a group meets both, so groups do not chain; leakage is exact or such confirmed near duplicates",
];

/** Per-image kinds, decided as each image arrives (their thresholds are known from the start). */
const PER_IMAGE_KINDS: QualityKind[] = [
  'dark',
  'light',
  'odd_aspect_ratio',
  'low_information',
  'blurry',
  'grayscale',
];
const NO_GROUP = 0xffff;

/**
 * Keeps, per image, only what the dataset-wide checks need (size for odd_size, hashes and a 16x16 thumbnail for
 * duplicates, split and class for leakage) in chunked typed arrays and file names as UTF-8: about 60 bytes an
 * image, so a million images cost tens of MB; the 256-byte thumbnails stay in memory only up to a budget (the
 * rest wait in a temporary file, read back for the few images with a candidate pair). Per-image checks are decided
 * on arrival and only the findings are kept.
 */
export class QualityCollector {
  private readonly names = new NameTable();
  /** Split and class names, referenced by 16-bit ids. */
  private readonly groupIds = new Map<string, number>();
  private readonly groupNames: string[] = [];
  private readonly split = new Growable(Uint16Array);
  private readonly label = new Growable(Uint16Array);
  private readonly width = new Growable(Uint32Array);
  private readonly height = new Growable(Uint32Array);
  private readonly hashedChannels = new Growable(Uint8Array);
  private readonly phashHi = new Growable(Uint32Array);
  private readonly phashLo = new Growable(Uint32Array);
  private readonly pixelHi = new Growable(Uint32Array);
  private readonly pixelLo = new Growable(Uint32Array);
  /** Read back only for images with a candidate pair: past a budget they wait in a temporary file. */
  private readonly thumbnails: SpilledRecords;
  /** Per-image findings: image index, index into PER_IMAGE_KINDS, measured value. */
  private readonly foundImage = new Growable(Float64Array);
  private readonly foundKind = new Growable(Uint8Array);
  private readonly foundScore = new Growable(Float64Array);

  /** `thumbnailMemory`: bytes of thumbnails kept in memory before the rest go to a temporary file. */
  constructor(
    private readonly t: QualityThresholds,
    thumbnailMemory?: number,
  ) {
    this.thumbnails = new SpilledRecords(NEAR_THUMBNAIL_SIDE * NEAR_THUMBNAIL_SIDE, thumbnailMemory);
  }

  /** Frees what the collector holds outside memory (its thumbnail file). */
  close(): void {
    this.thumbnails.close();
  }

  /** Returns the image's index (what a NearDuplicateSource names images by). */
  add(
    file: string,
    where: { split?: string; label?: string },
    width: number,
    height: number,
    m: ImageMeasures,
  ): number {
    const i = this.names.add(file);
    this.split.push(this.groupId(where.split));
    this.label.push(this.groupId(where.label));
    this.width.push(width);
    this.height.push(height);
    const colour = m.histogram.channels === 3;
    this.hashedChannels.push(colour && !m.histogram.channelsEqual ? 3 : 1);
    this.phashHi.push(hash64Half(m.phash, 0));
    this.phashLo.push(hash64Half(m.phash, 1));
    this.pixelHi.push(hash64Half(m.pixelHash, 0));
    this.pixelLo.push(hash64Half(m.pixelHash, 1));
    this.thumbnails.push(m.thumbnail);

    const t = this.t;
    if (m.brightnessP99 < t.dark) this.found(i, 'dark', m.brightnessP99);
    if (m.brightnessP5 > t.light) this.found(i, 'light', m.brightnessP5);
    const aspect = Math.min(width / height, height / width);
    if (aspect < t.oddAspectRatio) this.found(i, 'odd_aspect_ratio', aspect);
    if (m.entropy < t.lowInformation) this.found(i, 'low_information', m.entropy);
    if (m.blur !== null && m.blur < t.blurry) this.found(i, 'blurry', m.blur);
    if (colour && m.histogram.channelsEqual) this.found(i, 'grayscale', 0);
    return i;
  }

  /** File name of image `i`. */
  fileOf(i: number): string {
    return this.names.get(i);
  }

  /** The order of images i and j's file names (compareNames' order), without decoding them. */
  compareFiles(i: number, j: number): number {
    return this.names.compare(i, j);
  }

  private found(image: number, kind: QualityKind, score: number): void {
    this.foundImage.push(image);
    this.foundKind.push(PER_IMAGE_KINDS.indexOf(kind));
    this.foundScore.push(score);
  }

  /**
   * The checks over the whole dataset; does not change the collector (a partial report can be made mid-run).
   * This is a run's peak of memory, so per-image arrays are read in place and copies are made one at a time.
   */
  finish(nearSource?: NearDuplicateSource): { report: QualityReport; issues: QualityIssue[] } {
    const t = this.t;
    const n = this.names.length;
    const found: QualityIssue[] = [];
    const groupName = (id: number) => (id === NO_GROUP ? undefined : this.groupNames[id]);
    const w = (i: number) => this.width.get(i);
    const h = (i: number) => this.height.get(i);

    // The odd-size bounds first: every finding then gets its severity as it is made.
    const side = new Float64Array(n);
    for (let i = 0; i < n; i++) side[i] = Math.sqrt(w(i) * h(i));
    side.sort();
    const q1 = n ? quantile(side, 0.25) : 0;
    const q3 = n ? quantile(side, 0.75) : 0;
    const low = q1 - t.oddSizeIqr * (q3 - q1);
    const high = q3 + t.oddSizeIqr * (q3 - q1);
    const bounds = { low, high };

    const push = (i: number, kind: QualityKind, score: number, message: string) => {
      // Created with its severity: a number field set later, from 1 to a fraction, made V8 migrate every issue.
      const issue: QualityIssue = {
        file: this.names.get(i),
        kind,
        message,
        score,
        severity: severity(kind, score, t, bounds),
      };
      // Set after creation, in this order, rather than spread in: one issue per finding, the same JSON.
      const label = groupName(this.label.get(i));
      if (label !== undefined) issue.class = label;
      const split = groupName(this.split.get(i));
      if (split !== undefined) issue.split = split;
      found.push(issue);
    };
    for (let f = 0; f < this.foundImage.length; f++) {
      const i = this.foundImage.get(f);
      const kind = PER_IMAGE_KINDS[this.foundKind.get(f)];
      const score = this.foundScore.get(f);
      push(i, kind, score, perImageMessage(kind, score, w(i), h(i), t));
    }

    for (let i = 0; i < n; i++) {
      const s = Math.sqrt(w(i) * h(i));
      if (s < low || s > high)
        push(
          i,
          'odd_size',
          s,
          `${w(i)}x${h(i)}: sqrt(w*h) ${s.toFixed(1)} outside [${low.toFixed(1)}, ${high.toFixed(1)}] (${t.oddSizeIqr} IQR)`,
        );
    }

    // Groups are listed in file-name order, so nothing depends on the order workers finished in. Images are
    // named by their arrival index; only group members get compared by name.
    const byName = (i: number, j: number) => this.names.compare(i, j) || i - j;
    const exact = this.exactDuplicates()
      .map((group) => group.sort(byName))
      .sort((a, b) => byName(a[0], b[0]));
    const groupFiles = (group: number[]) => group.map((i) => this.names.get(i));
    exact.forEach((group, g) => {
      const names = groupFiles(group);
      group.forEach((i, m) => push(i, 'exact_duplicate', g, `identical pixels to ${others(names, m)}`));
    });
    const copiesOf = new Map<number, number[]>();
    for (const group of exact) copiesOf.set(group[0], group);
    const inLaterCopy = new Uint8Array(n);
    for (const group of exact) for (const i of group.slice(1)) inLaterCopy[i] = 1;
    const search = nearSource
      ? { groups: contentNearGroups(nearSource, inLaterCopy), capped: false }
      : hashNearGroups(this.hashedImages(), t, inLaterCopy, byName);
    const near = search.groups
      .map((g) => ({ ...g, members: g.members.sort(byName) }))
      .sort((a, b) => byName(a.members[0], b.members[0]));
    near.forEach((group, g) => {
      const names = groupFiles(group.members);
      const why =
        group.method === 'content'
          ? `content similarity >= ${group.similarity.toFixed(3)}, pixels agree >= ${group.agreement.toFixed(3)}`
          : `perceptual hash within ${group.distance} bits, thumbnails ${group.thumbnailDistance.toFixed(3)} apart`;
      group.members.forEach((i, m) =>
        push(i, 'near_duplicate', g, `looks like ${others(names, m)} (${why})`),
      );
    });

    const leakage: LeakageGroup[] = [];
    const checkLeak = (kind: 'exact' | 'near', all: number[]) => {
      const groupSplits = unique(all.map((i) => groupName(this.split.get(i))));
      const groupClasses = unique(all.map((i) => groupName(this.label.get(i))));
      const across: LeakageGroup['across'] = [];
      if (groupSplits.length > 1) across.push('splits');
      if (groupClasses.length > 1) across.push('classes');
      if (!across.length) return;
      const names = groupFiles(all);
      leakage.push({ kind, across, files: names, splits: groupSplits, classes: groupClasses });
      const what = kind === 'exact' ? 'same pixels' : 'near duplicate (hash and thumbnail)';
      all.forEach((i, m) =>
        push(i, 'leakage', leakage.length - 1, `${what} across ${across.join(' and ')}: ${others(names, m)}`),
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
    const summarised = QUALITY_KINDS.filter(
      (k) => n > 0 && counts[k] > t.summariseAbove * n && !NEVER_SUMMARISED.includes(k),
    );
    return {
      report: {
        thresholds: t,
        counts,
        summarised,
        worst: summarised.flatMap((kind) => worstOf(found, kind)),
        leakage,
        duplicates: {
          exact: exact.map((g) => ({ files: groupFiles(g), distance: 0 })),
          near: near.map((g) => ({
            files: groupFiles(g.members),
            distance: g.distance,
            method: g.method,
            ...(g.method === 'content'
              ? { similarity: g.similarity, pixelAgreement: g.agreement }
              : { thumbnailDistance: g.thumbnailDistance }),
          })),
        },
        notes: search.capped
          ? [
              ...NOTES,
              'near duplicates: some hash buckets were too large to compare exhaustively; a few distant pairs may be missed',
            ]
          : NOTES,
      },
      issues: found.filter((issue) => !summarised.includes(issue.kind)),
    };
  }

  /** The per-image columns the perceptual-hash search reads. */
  private hashedImages(): HashedImages {
    return {
      count: this.names.length,
      sortedOrder: () => this.names.sortedOrder(),
      phashHi: () => this.phashHi.toArray(),
      phashLo: () => this.phashLo.toArray(),
      thumbnail: (i) => this.thumbnails.get(i),
    };
  }

  /**
   * Groups of images with equal pixel hash, size and channels (indices in arrival order, groups by first index).
   * Grouped by the pixel hash first; size and channels are compared within those few groups only.
   */
  private exactDuplicates(): number[][] {
    const n = this.names.length;
    const sized = [this.width, this.height, this.hashedChannels];
    return exactGroups([this.pixelHi.toArray(), this.pixelLo.toArray()], n)
      .flatMap((group) =>
        exactGroups(
          sized.map((key) => group.map((i) => key.get(i))),
          group.length,
        ).map((members) => members.map((m) => group[m])),
      )
      .sort((a, b) => a[0] - b[0]);
  }

  private groupId(name: string | undefined): number {
    if (name === undefined) return NO_GROUP;
    let id = this.groupIds.get(name);
    if (id === undefined) {
      id = this.groupNames.push(name) - 1;
      if (id >= NO_GROUP) throw new Error(`more than ${NO_GROUP - 1} distinct class and split names`);
      this.groupIds.set(name, id);
    }
    return id;
  }
}

function perImageMessage(
  kind: QualityKind,
  score: number,
  w: number,
  h: number,
  t: QualityThresholds,
): string {
  switch (kind) {
    case 'dark':
      return `99th percentile brightness ${score.toFixed(3)} < ${t.dark}`;
    case 'light':
      return `5th percentile brightness ${score.toFixed(3)} > ${t.light}`;
    case 'odd_aspect_ratio':
      return `${w}x${h}: aspect ratio ${score.toFixed(3)} < ${t.oddAspectRatio}`;
    case 'low_information':
      return `entropy ${score.toFixed(2)} bits < ${t.lowInformation}`;
    case 'blurry':
      return `sharpness ${score.toFixed(3)} < ${t.blurry}`;
    default:
      return 'colour file whose three channels are equal everywhere (a grey picture stored as RGB or a colour palette)';
  }
}

/** The most severe findings of `kind`, most severe first (file name breaks ties, so the list is stable). */
function worstOf(found: QualityIssue[], kind: QualityKind): QualityIssue[] {
  return found
    .filter((issue) => issue.kind === kind)
    .sort((a, b) => b.severity - a.severity || compareNames(a.file, b.file))
    .slice(0, WORST_EXAMPLES);
}

/** "a, b, c and 12 more": the other members of a group, in O(1) per member (groups can be thousands long). */
function others(names: string[], self: number): string {
  const shown = names
    .slice(0, 4)
    .filter((_, m) => m !== self)
    .slice(0, 3);
  const rest = names.length - 1 - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort(compareNames);
}
