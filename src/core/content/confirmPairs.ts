import { allIndices } from '../util/indices';
import { ConfirmView, croppedAgreement, plainAgreement } from './confirmPair';

/** Candidate pairs by number (0..length-1): each pair's two images. */
export interface CandidatePairs {
  length: number;
  i(pair: number): number;
  j(pair: number): number;
}

/** Partners' views kept at once (thumbnail prepared, no cropped windows: ~18 KB each). */
const KEPT_PARTNERS = 256;

/**
 * The pixel agreement (pixelAgreement) of every candidate pair, each image's cropped windows (the costly part)
 * prepared at most twice: pairs are visited grouped by their first image, whose windows are compared with the
 * second as it is and mirrored; then grouped by their second image, the other way. Crops are tried only when
 * `crops(p)` and the thumbnails as they are (or one mirrored) agree less than `needed(p)`; then every crop is,
 * and the best alignment's agreement is what the pair gets. Only a kept pair's agreement (at least `needed(p)`) is
 * exact: an alignment is left unfinished once it cannot reach that (croppedAgreement), so a pair kept by none
 * gets some value below `needed(p)`.
 */
export function confirmPairs(
  pairs: CandidatePairs,
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
      let evicted: ConfirmView | undefined;
      if (partners.size >= KEPT_PARTNERS) {
        const oldest = partners.keys().next().value!;
        evicted = partners.get(oldest);
        partners.delete(oldest);
      }
      view = new ConfirmView(thumbOf(image), evicted);
    }
    partners.set(image, view);
    return view;
  };
  const byFirst = allIndices(pairs.length).sort((a, b) => pairs.i(a) - pairs.i(b) || pairs.j(a) - pairs.j(b));
  let anchor: { image: number; view: ConfirmView } | undefined;
  const anchorView = (image: number) => {
    // The anchor before is done with: its arrays serve the next one.
    if (anchor?.image !== image) anchor = { image, view: new ConfirmView(thumbOf(image), anchor?.view) };
    return anchor.view;
  };
  for (const p of byFirst) {
    const i = pairs.i(p);
    const j = pairs.j(p);
    const a = anchorView(i);
    const b = partner(j);
    agreement[p] = plainAgreement(a, b);
    cropped[p] = agreement[p] < needed(p) && crops(p) ? 1 : 0;
    if (cropped[p]) agreement[p] = Math.max(agreement[p], croppedAgreement(a, b, needed(p)));
  }
  const open = byFirst
    .filter((p) => cropped[p] === 1)
    .sort((a, b) => pairs.j(a) - pairs.j(b) || pairs.i(a) - pairs.i(b));
  anchor = undefined;
  for (const p of open) {
    const i = pairs.i(p);
    const j = pairs.j(p);
    agreement[p] = Math.max(agreement[p], croppedAgreement(anchorView(j), partner(i), needed(p)));
  }
  return agreement;
}
