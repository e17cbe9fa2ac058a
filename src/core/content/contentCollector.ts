import { availableParallelism } from 'node:os';
import { compareNames } from '../util/names';
import { completeLinkage, forEachPairIn, PairIndex } from '../quality/completeLinkage';
import { confirmPairs } from './confirmPairs';
import { CONTENT_MODEL } from './contentModel';
import type { ContentRecord } from '../records/contentRecord';
import {
  APPROXIMATE_ABOVE,
  OUTLIER_K,
  searchNeighbours,
  type SearchOptions,
  type UnitVectors,
} from './contentSearch';
import { Growable } from '../util/growable';
import { addedArrays, inFileOrder } from './fileOrder';
import { SpilledRecords } from '../util/spilledRecords';
import { loadUsearch } from './approximateNearest';
import type { PairList } from './pairList';
import { checkLabels, type LabelCheck, type LabelIssue } from './labelIssues';
import { CONFIRM_THUMB_SIZE } from './modelInput';
import { greyAgreement } from './greyAgreement';
import { MAP_POINTS, MAP_SEED, sampleIndices, type ContentMap, type MapInput } from './contentMap';
import type { RowView } from '../util/rowView';

/** Candidate pairs whose pixels agree, in the order found, and how many candidates there were. */
class ConfirmedPairs {
  candidates = 0;
  readonly pairs: { i: number; j: number; similarity: number; agreement: number }[] = [];
}

/**
 * Near duplicates by content: among each image's nearest neighbours (contentSearch's KEPT), centred cosine of the
 * content vectors at least NEAR_SIMILARITY, and the pixels agree (pixelAgreement, mirror and crops of up to 8%
 * allowed) at least PIXEL_AGREEMENT. The content floor only picks candidates (a brightening that clips most of a
 * picture lowers content similarity more than pixel agreement); the pixels decide. Both thresholds were chosen on
 * /work/data's edited set, whose figures are in docs/quality-checks.md.
 */
export const NEAR_SIMILARITY = 0.5;
export const PIXEL_AGREEMENT = 0.75;
/**
 * Images whose shorter side is below SMALL_SOURCE reach the 48 px thumbnail enlarged: it holds little more than
 * their outline, which different garments of Fashion-MNIST share (at 0.75, 13% of 2,000 of its images paired
 * with a look-alike; at 0.85, 7 pairs of different trousers and shirts). Their pixels must agree almost exactly.
 */
export const SMALL_SOURCE = 64;
export const PIXEL_AGREEMENT_SMALL = 0.95;
/**
 * And their grey levels must correlate at least this well (greyAgreement): different handwritten digits of
 * scikit-learn's set (8x8 enlarged to 32x32) passed 0.95 above in 18 of 19 groups of its 1,797, two of them across
 * classes, at 0.975-0.991 here; copies re-encoded at q60, resized to 90% or mirrored are at 0.999 and more, and
 * on Fashion-MNIST its copies at 0.993 and more, its different items at most 0.9915 (PIL's thumbnails; figures in
 * docs/quality-checks.md).
 */
export const GREY_AGREEMENT_SMALL = 0.992;
/** Most atypical images listed per class and overall. */
const OUTLIERS_LISTED = 5;

export interface ContentNearGroup {
  /** Indices given to add(). */
  members: number[];
  /** Lowest centred cosine between two members. */
  similarity: number;
  /** Lowest pixel agreement between two members. */
  agreement: number;
}

export interface OutlierEntry {
  file: string;
  /** Mean cosine distance (1 - cosine of centred vectors) to its OUTLIER_K nearest images in the dataset. */
  score: number;
  /** The same within its class (null: unlabelled or fewer than OUTLIER_K + 1 images in the class). */
  scoreInClass: number | null;
}

/** The `content` section of the report (`analyze --content`). */
export interface ContentReport {
  model: {
    id: string;
    architecture: string;
    layer: string;
    inputSize: number;
    dims: number;
    flip: boolean;
  };
  /** Images with a content vector of this model. */
  embedded: number;
  nearDuplicates: {
    method: 'content';
    similarityAtLeast: number;
    /** For images whose shorter side is at least `smallerThan` pixels; for smaller ones, `smallPixelAgreementAtLeast`. */
    pixelAgreementAtLeast: number;
    smallPixelAgreementAtLeast: number;
    smallerThan: number;
    /** Neighbours from every pair compared, or from an approximate (HNSW) index (above 50,000 images). */
    search: 'exact' | 'approximate';
    /** Pairs similar enough in content that their pixels were compared, and those that agreed. */
    candidatePairs: number;
    confirmedPairs: number;
  } | null;
  /** Per class (and overall), the images farthest from their nearest neighbours, most atypical first. */
  outliers: {
    k: number;
    byClass: { class: string; images: OutlierEntry[] }[];
    overall: OutlierEntry[];
  } | null;
  /** How label issues were looked for (null: fewer than two classes with enough images). */
  labelIssues: LabelCheck | null;
  /** Why the search did not run (too many images and no approximate index on this platform), when it did not. */
  skipped?: string;
  /** The 2-D map of the content vectors (null: fewer than 3 images; absent from partial reports). */
  map?: ContentMap | null;
}

export interface ContentFindings {
  report: ContentReport;
  nearGroups: ContentNearGroup[];
  /** Likeliest wrong first. */
  labelIssues: LabelIssue[];
  /** What the map is drawn from (the report's `content.map` is filled in by projectMap, asynchronously). */
  mapInput: MapInput | null;
}

/**
 * Bytes of vectors, and of thumbnails, kept in memory before the rest go to a temporary file: one chunk of each.
 * They are only read back once every image is in (the search, pairs to confirm), so memory bought nothing while
 * the workers embed, when the analysis process's size adds to theirs; at 16 MB each the process grew by ~3 KB an
 * image for its first 20,000 images (measured on Fashion-MNIST).
 */
const RESIDENT_BYTES = 1 << 20;

/**
 * Keeps each embedded image's vector (one byte per dimension) and thumbnail, and float64 sums for the exact
 * dataset mean (vectors are compared centred on it). Vectors and thumbnails (~2.9 KB an image) go to a temporary
 * file past their first megabyte (SpilledRecords): what stays in memory per image is its id, class, split, scale
 * and side in typed arrays (22 bytes), the outlier scores (8 bytes) and, in the label check, its out-of-fold class
 * probabilities (8 bytes a class). Above the exact search's size the projected vectors and neighbour lists go to
 * temporary files too, the index is built and searched in shards of a fixed size (contentSearch.ts), and candidate
 * pairs are confirmed block by block as they are found.
 */
export class ContentCollector {
  /** Per image as added, in typed arrays (22 bytes an image): put in file-name order by inNameOrder. */
  private added = addedArrays();
  /** The same in file-name order (set by inNameOrder). */
  private ids = new Uint32Array(0);
  private labels = new Int32Array(0);
  /** Index into splitNames (0: none). */
  private splits = new Uint16Array(0);
  private scales = new Float64Array(0);
  /** Shorter side of each image, in pixels. */
  private sides = new Uint32Array(0);
  private readonly splitNames: (string | null)[] = [null];
  private labelNames: string[] = [];
  private readonly labelIds = new Map<string, number>();
  private readonly vectors = new SpilledRecords(CONTENT_MODEL.dims, RESIDENT_BYTES);
  private readonly thumbs = new SpilledRecords(CONFIRM_THUMB_SIZE * CONFIRM_THUMB_SIZE, RESIDENT_BYTES);
  /** Row k's place in `vectors` and `thumbs` (set by inNameOrder; until then the same). */
  private stored: Uint32Array | undefined;
  private readonly sum = new Float64Array(CONTENT_MODEL.dims);
  private count = 0;

  /** `search`: as searchNeighbours takes it (where the approximate index takes over). */
  constructor(
    readonly model: string,
    private readonly searchOptions: SearchOptions = {},
  ) {}

  /** `id`: the caller's index of the image (its file via `fileOf` at finish); `side`: its shorter side. */
  add(
    id: number,
    label: string | undefined,
    split: string | undefined,
    side: number,
    content: ContentRecord,
  ): void {
    if (content.model !== this.model) return;
    this.count++;
    for (let c = 0; c < this.sum.length; c++) this.sum[c] += content.vector[c] * content.scale;
    this.added.ids.push(id);
    this.added.labels.push(label === undefined ? -1 : this.labelId(label));
    this.added.splits.push(this.splitId(split));
    this.vectors.push(content.vector);
    this.thumbs.push(content.thumb);
    this.added.scales.push(content.scale);
    this.added.sides.push(side);
  }

  private splitId(split: string | undefined): number {
    if (split === undefined) return 0;
    const at = this.splitNames.indexOf(split);
    return at >= 0 ? at : this.splitNames.push(split) - 1;
  }

  /** Vectors of this model added so far. */
  get embedded(): number {
    return this.count;
  }

  /**
   * Outliers and near-duplicate groups. `searchable(id)`: whether the image may be in a near-duplicate group
   * (not a later copy of an exact duplicate, whose first copy stands for it). `compareFiles(a, b)`: the order of
   * the files of ids a and b, as compareNames orders their names; given it, no name is decoded to put the images
   * in order (a million names took ~50 MB as strings at once), else names are compared through `fileOf`.
   */
  finish(
    fileOf: (id: number) => string,
    searchable: (id: number) => boolean,
    compareFiles?: (a: number, b: number) => number,
  ): ContentFindings {
    const report: ContentReport = {
      model: {
        id: this.model,
        architecture: CONTENT_MODEL.architecture,
        layer: CONTENT_MODEL.layer,
        inputSize: CONTENT_MODEL.inputSize,
        dims: CONTENT_MODEL.dims,
        flip: CONTENT_MODEL.flip,
      },
      embedded: this.count,
      nearDuplicates: null,
      outliers: null,
      labelIssues: null,
    };
    try {
      return this.searched(report, fileOf, searchable, compareFiles);
    } finally {
      this.vectors.close();
      this.thumbs.close();
    }
  }

  private searched(
    report: ContentReport,
    fileOf: (id: number) => string,
    searchable: (id: number) => boolean,
    compareFiles: ((a: number, b: number) => number) | undefined,
  ): ContentFindings {
    const n = this.count;
    if (n < 2) return { report, nearGroups: [], labelIssues: [], mapInput: null };
    const approximateAbove = this.searchOptions.approximateAbove ?? APPROXIMATE_ABOVE;
    if (n > approximateAbove && !loadUsearch()) {
      report.skipped = `${n} images: above ${approximateAbove} near duplicates and outliers by content need the approximate index (usearch), which does not load on this platform`;
      return { report, nearGroups: [], labelIssues: [], mapInput: null };
    }
    // The index's queries only read it: as many threads as cores (up to 4) give the same answer as one.
    const threads = this.searchOptions.threads ?? Math.min(4, availableParallelism());
    this.inNameOrder(fileOf, compareFiles);
    // Candidate pairs are confirmed block by block as the search finds them: only the confirmed ones are kept.
    const confirmed = new ConfirmedPairs();
    const neighbours = searchNeighbours(this.unitVectors(), NEAR_SIMILARITY, {
      ...this.searchOptions,
      threads,
      onPairs: (block) => this.confirm(block, searchable, confirmed),
    });
    try {
      const groups = this.grouped(confirmed, n);
      // The stored vectors and thumbnails are not needed by the label check and the map.
      this.vectors.close();
      this.thumbs.close();
      report.nearDuplicates = {
        method: 'content',
        similarityAtLeast: NEAR_SIMILARITY,
        pixelAgreementAtLeast: PIXEL_AGREEMENT,
        smallPixelAgreementAtLeast: PIXEL_AGREEMENT_SMALL,
        smallerThan: SMALL_SOURCE,
        search: neighbours.search,
        candidatePairs: confirmed.candidates,
        confirmedPairs: confirmed.pairs.length,
      };
      report.outliers = this.outliers(neighbours.outlier, neighbours.outlierInClass, fileOf);
      const labels = checkLabels(
        neighbours.projected,
        (k) => this.labels[k],
        this.labelNames,
        (k) => fileOf(this.ids[k]),
      );
      report.labelIssues = labels?.check ?? null;
      const mapInput = this.mapInput(neighbours.projected, fileOf);
      return { report, nearGroups: groups, labelIssues: labels?.issues ?? [], mapInput };
    } finally {
      neighbours.projected.close();
    }
  }

  /**
   * The pairs of `block` between searchable images (`searchable(id)` as finish() takes it) whose pixels agree
   * (confirmPairs), added to `into` in the order of the block.
   */
  private confirm(block: PairList, searchable: (id: number) => boolean, into: ConfirmedPairs): void {
    const candidates = new Growable(Uint32Array);
    for (let p = 0; p < block.length; p++)
      if (searchable(this.ids[block.i(p)]) && searchable(this.ids[block.j(p)])) candidates.push(p);
    const pairOf = candidates.toArray();
    const view = {
      length: pairOf.length,
      i: (k: number) => block.i(pairOf[k]),
      j: (k: number) => block.j(pairOf[k]),
    };
    const small = (k: number) => Math.min(this.sides[view.i(k)], this.sides[view.j(k)]) < SMALL_SOURCE;
    const thumbBytes = new Uint8Array(CONFIRM_THUMB_SIZE * CONFIRM_THUMB_SIZE);
    const needed = (k: number) => (small(k) ? PIXEL_AGREEMENT_SMALL : PIXEL_AGREEMENT);
    const scores = confirmPairs(
      view,
      // ConfirmView copies the thumbnail at once: one buffer serves every read from the file.
      (image) => this.thumbs.get(this.storedRow(image), thumbBytes),
      needed,
      (k) => !small(k),
    );
    into.candidates += pairOf.length;
    const other = new Uint8Array(CONFIRM_THUMB_SIZE * CONFIRM_THUMB_SIZE);
    const greyAgrees = (k: number) =>
      greyAgreement(
        this.thumbs.get(this.storedRow(view.i(k)), thumbBytes),
        this.thumbs.get(this.storedRow(view.j(k)), other),
      ) >= GREY_AGREEMENT_SMALL;
    for (let k = 0; k < pairOf.length; k++)
      if (scores[k] >= needed(k) && (!small(k) || greyAgrees(k)))
        into.pairs.push({ ...block.at(pairOf[k]), agreement: scores[k] });
  }

  /** The confirmed pairs grouped by complete linkage, most similar pairs first. */
  private grouped(confirmed: ConfirmedPairs, n: number): ContentNearGroup[] {
    const pairs = confirmed.pairs;
    const index = new PairIndex(
      Uint32Array.from(pairs, (p) => p.i),
      Uint32Array.from(pairs, (p) => p.j),
    );
    // Most similar first; ties by index, so the groups do not depend on the order of the pairs.
    const order = Uint32Array.from(pairs.keys()).sort(
      (a, b) =>
        pairs[b].similarity - pairs[a].similarity || pairs[a].i - pairs[b].i || pairs[a].j - pairs[b].j,
    );
    return completeLinkage(n, index, order).map((members) => {
      let similarity = Infinity;
      let agreement = Infinity;
      forEachPairIn(members, index, (e) => {
        similarity = Math.min(similarity, pairs[e].similarity);
        agreement = Math.min(agreement, pairs[e].agreement);
      });
      return { members: members.map((k) => this.ids[k]), similarity, agreement };
    });
  }

  /** A seeded sample of at most MAP_POINTS images, on the search's principal axes (a copy: at most 1 MB). */
  private mapInput(projected: RowView<Float32Array>, fileOf: (id: number) => string): MapInput {
    const dims = projected.width;
    // Rows are in file-name order (inNameOrder): the same sample however the images arrived.
    const ks = [...sampleIndices(this.ids.length, MAP_POINTS, MAP_SEED)];
    const rows = new Float32Array(ks.length * dims);
    ks.forEach((k, at) => rows.set(projected.row(k), at * dims));
    return {
      dims,
      values: rows,
      files: ks.map((k) => fileOf(this.ids[k])),
      classes: ks.map((k) => (this.labels[k] >= 0 ? this.labelNames[this.labels[k]] : null)),
      splits: ks.map((k) => this.splitNames[this.splits[k]]),
    };
  }

  private outliers(
    overall: Float32Array,
    inClass: Float32Array,
    fileOf: (id: number) => string,
  ): NonNullable<ContentReport['outliers']> {
    // An image listed both in its class and overall: its name is decoded once.
    const files = new Map<number, string>();
    const entry = (k: number): OutlierEntry => {
      let file = files.get(k);
      if (file === undefined) files.set(k, (file = fileOf(this.ids[k])));
      return {
        file,
        score: round(overall[k]),
        scoreInClass: Number.isNaN(inClass[k]) ? null : round(inClass[k]),
      };
    };
    // Most atypical first, ties by file name: rows are in file-name order (inNameOrder), so by row, no name decoded.
    // One pass keeps the OUTLIERS_LISTED first of each class and overall.
    const before = (a: number, b: number, score: Float32Array) => score[b] - score[a] || a - b;
    const keep = (list: number[], k: number, score: Float32Array) => {
      if (Number.isNaN(score[k])) return;
      if (list.length === OUTLIERS_LISTED && before(k, list[list.length - 1], score) >= 0) return;
      let at = list.length;
      while (at > 0 && before(k, list[at - 1], score) < 0) at--;
      list.splice(at, 0, k);
      if (list.length > OUTLIERS_LISTED) list.pop();
    };
    const all: number[] = [];
    const perClass = this.labelNames.map(() => [] as number[]);
    for (let k = 0; k < this.ids.length; k++) {
      keep(all, k, overall);
      if (this.labels[k] >= 0) keep(perClass[this.labels[k]], k, inClass);
    }
    const byClass = this.labelNames
      .map((name, id) => ({ name, id }))
      .sort((a, b) => compareNames(a.name, b.name))
      .map(({ name, id }) => ({ class: name, images: perClass[id].map(entry) }));
    return { k: OUTLIER_K, byClass, overall: all.map(entry) };
  }

  /** The stored vectors, decoded, centred on the mean of every vector added, unit length. */
  private unitVectors(): UnitVectors {
    const dims = CONTENT_MODEL.dims;
    const mean = Float32Array.from(this.sum, (s) => s / this.count);
    // Where vectors read back from the file go: decoded into `out` at once.
    const vectorBytes = new Uint8Array(dims);
    return {
      count: this.count,
      dims,
      classOf: (k) => this.labels[k],
      read: (k, out) => {
        const codes = this.vectors.get(this.storedRow(k), vectorBytes);
        const scale = this.scales[k];
        let norm = 0;
        for (let c = 0; c < dims; c++) {
          const v = codes[c] * scale - mean[c];
          out[c] = v;
          norm += v * v;
        }
        const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let c = 0; c < dims; c++) out[c] *= inv;
        return out;
      },
    };
  }

  /**
   * Puts the rows in file-name order and numbers the classes by name. Images arrive in the order the workers finish
   * (a run, merged shards), and the principal axes' sample, the index's insertion order and the label check's folds
   * follow row order: without this, two runs over the same files gave different label issues.
   */
  private inNameOrder(
    fileOf: (id: number) => string,
    compareFiles: ((a: number, b: number) => number) | undefined,
  ): void {
    const { added } = this;
    let compare: (a: number, b: number) => number;
    if (compareFiles) compare = (a, b) => compareFiles(added.ids.get(a), added.ids.get(b));
    else {
      const files = Array.from({ length: added.ids.length }, (_, k) => fileOf(added.ids.get(k)));
      compare = (a, b) => compareNames(files[a], files[b]);
    }
    const ordered = inFileOrder(added, compare);
    const names = [...this.labelNames].sort(compareNames);
    const renumbered = this.labelNames.map((name) => names.indexOf(name));
    for (let k = 0; k < ordered.labels.length; k++)
      if (ordered.labels[k] >= 0) ordered.labels[k] = renumbered[ordered.labels[k]];
    this.ids = ordered.ids;
    this.labels = ordered.labels;
    this.splits = ordered.splits;
    this.scales = ordered.scales;
    this.sides = ordered.sides;
    this.added = addedArrays();
    this.labelNames = names;
    this.labelIds.clear();
    names.forEach((name, id) => this.labelIds.set(name, id));
    this.stored = ordered.order;
  }

  private storedRow(k: number): number {
    return this.stored ? this.stored[k] : k;
  }

  private labelId(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labelNames.push(label) - 1;
      this.labelIds.set(label, id);
    }
    return id;
  }
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
