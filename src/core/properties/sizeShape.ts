import { CountedValues } from './countedValues';

/**
 * Side-length bin edges (px): bin i holds [edges[i], edges[i + 1]), the last one everything from its edge up.
 * Fine where small datasets live (MNIST 28, CIFAR 32, 64), doubling steps up to photo sizes.
 */
export const SIDE_EDGES: readonly number[] = [
  0, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 4096,
];
/** Aspect (width / height) bin edges, same convention: 0.95..1.05 is "square", the rest portrait or landscape. */
export const ASPECT_EDGES: readonly number[] = [0, 0.5, 0.67, 0.8, 0.95, 1.05, 1.25, 1.5, 2];

/** Largest recommended input side, and the step it is rounded down to (the stride product of common CNNs). */
export const MAX_RECOMMENDED = 512;
export const SIDE_STEP = 32;

/** An input size for a model, from the images' shorter sides: see recommendedSide for the rule. */
export interface RecommendedSize {
  /** Square side in pixels. */
  side: number;
  /** Median of min(width, height) over the decoded images (numpy's linear interpolation). */
  shorterSideMedian: number;
  /** Share of the images whose shorter side is below `side`: they would be upsampled. */
  upsampledShare: number;
}

/** Histograms of the image sizes and shapes (counts per bin of SIDE_EDGES / ASPECT_EDGES) and a model input size. */
export interface SizeShape {
  /** The bin edges, so a reader of the report needs no table: SIDE_EDGES and ASPECT_EDGES. */
  sideEdges: readonly number[];
  aspectEdges: readonly number[];
  widthCounts: number[];
  heightCounts: number[];
  aspectCounts: number[];
  recommended: RecommendedSize;
}

/** The bin of `value` among `edges` (the last bin is open above). */
export function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The recommended square input side: the median shorter side rounded down to a multiple of 32, at most 512. Half
 * of the images are then at least that large, so resizing mostly shrinks; a median under 32 px is kept as it is
 * (28 for MNIST): small images are not upsampled to a round number.
 */
export function recommendedSide(shorterSideMedian: number): number {
  if (shorterSideMedian < SIDE_STEP) return Math.max(1, Math.floor(shorterSideMedian));
  return Math.min(MAX_RECOMMENDED, Math.floor(shorterSideMedian / SIDE_STEP) * SIDE_STEP);
}

/** How many images have one width and height. */
export interface SizeCount {
  width: number;
  height: number;
  count: number;
}

/**
 * Histograms and the recommended size of the images, given as their distinct sizes with counts (a dataset has few:
 * no per-image pass); null when none.
 */
export function sizeShape(sizes: readonly SizeCount[]): SizeShape | null {
  const shorter = new CountedValues(sizes.map((s) => [Math.min(s.width, s.height), s.count] as const));
  const count = shorter.total;
  if (count === 0) return null;
  const widthCounts = new Array<number>(SIDE_EDGES.length).fill(0);
  const heightCounts = new Array<number>(SIDE_EDGES.length).fill(0);
  const aspectCounts = new Array<number>(ASPECT_EDGES.length).fill(0);
  for (const { width, height, count } of sizes) {
    widthCounts[binOf(SIDE_EDGES, width)] += count;
    heightCounts[binOf(SIDE_EDGES, height)] += count;
    aspectCounts[binOf(ASPECT_EDGES, width / height)] += count;
  }
  const shorterSideMedian = shorter.quantile(0.5);
  const side = recommendedSide(shorterSideMedian);
  const below = shorter.countBelow(side);
  return {
    sideEdges: SIDE_EDGES,
    aspectEdges: ASPECT_EDGES,
    widthCounts,
    heightCounts,
    aspectCounts,
    recommended: { side, shorterSideMedian, upsampledShare: below / count },
  };
}
