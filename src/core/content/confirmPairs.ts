import { ConfirmView, croppedAgreement, plainAgreement } from './confirmPair';

export interface CandidatePair {
  i: number;
  j: number;
}

/** Partners' views kept at once (thumbnail prepared, no cropped windows: ~18 KB each). */
const KEPT_PARTNERS = 256;

/**
 * The pixel agreement (pixelAgreement) of every candidate pair, each image's cropped windows (the costly part)
 * prepared at most twice: pairs are visited grouped by their first image, whose windows are compared with the
 * second as it is and mirrored; then grouped by their second image, the other way. Crops are tried only when
 * `crops(p)` and the thumbnails as they are (or one mirrored) agree less than `needed(p)`; then every crop is,
 * and the best alignment's agreement is what the pair gets.
 */
export function confirmPairs(
  pairs: CandidatePair[],
  thumbOf: (image: number) => Uint8Array,
  needed: (pair: number) => number,
  crops: (pair: number) => boolean,
): Float32Array {
  const agreement = new Float32Array(pairs.length);
  /** 1: the pair's crops are tried. */
  const cropped = new Uint8Array(pairs.length);
  const partners = new Map<number, ConfirmView>();
  const partner = (image: number): ConfirmView => {
    let view = partners.get(image);
    if (view) partners.delete(image);
    else {
      view = new ConfirmView(thumbOf(image));
      if (partners.size >= KEPT_PARTNERS) partners.delete(partners.keys().next().value!);
    }
    partners.set(image, view);
    return view;
  };
  const byFirst = pairs.map((_, p) => p).sort((a, b) => pairs[a].i - pairs[b].i || pairs[a].j - pairs[b].j);
  let anchor: { image: number; view: ConfirmView } | undefined;
  const anchorView = (image: number) => {
    if (anchor?.image !== image) anchor = { image, view: new ConfirmView(thumbOf(image)) };
    return anchor.view;
  };
  for (const p of byFirst) {
    const { i, j } = pairs[p];
    const a = anchorView(i);
    const b = partner(j);
    agreement[p] = plainAgreement(a, b);
    cropped[p] = agreement[p] < needed(p) && crops(p) ? 1 : 0;
    if (cropped[p]) agreement[p] = Math.max(agreement[p], croppedAgreement(a, b.plain));
  }
  const open = byFirst
    .filter((p) => cropped[p])
    .sort((a, b) => pairs[a].j - pairs[b].j || pairs[a].i - pairs[b].i);
  anchor = undefined;
  for (const p of open) {
    const { i, j } = pairs[p];
    agreement[p] = Math.max(agreement[p], croppedAgreement(anchorView(j), partner(i).plain));
  }
  return agreement;
}
