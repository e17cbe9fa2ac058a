import { Growable } from '../util/growable';

/** Per image as added to the content collector, in typed arrays (22 bytes an image). */
export interface AddedArrays {
  ids: Growable<Uint32Array>;
  /** Index into the collector's label names (-1: none). */
  labels: Growable<Int32Array>;
  /** Index into the collector's split names (0: none). */
  splits: Growable<Uint16Array>;
  scales: Growable<Float64Array>;
  /** Shorter side of each image, in pixels. */
  sides: Growable<Uint32Array>;
}

export function addedArrays(): AddedArrays {
  return {
    ids: new Growable(Uint32Array),
    labels: new Growable(Int32Array),
    splits: new Growable(Uint16Array),
    scales: new Growable(Float64Array),
    sides: new Growable(Uint32Array),
  };
}

/** The same arrays in file order: row k is the image added `order[k]`-th. */
export interface OrderedArrays {
  order: Uint32Array<ArrayBuffer>;
  ids: Uint32Array<ArrayBuffer>;
  labels: Int32Array<ArrayBuffer>;
  splits: Uint16Array<ArrayBuffer>;
  scales: Float64Array<ArrayBuffer>;
  sides: Uint32Array<ArrayBuffer>;
}

/**
 * `added` put in the order of `compare(a, b)` over the images' places as added (negative: a first); images that
 * compare equal stay in the order they were added.
 */
export function inFileOrder(added: AddedArrays, compare: (a: number, b: number) => number): OrderedArrays {
  const ids = added.ids.toArray();
  const order = Uint32Array.from(ids.keys());
  order.sort((a, b) => compare(a, b) || a - b);
  return {
    order,
    ids: ids.map((_, k) => ids[order[k]]),
    labels: Int32Array.from(order, (k) => added.labels.get(k)),
    splits: Uint16Array.from(order, (k) => added.splits.get(k)),
    scales: Float64Array.from(order, (k) => added.scales.get(k)),
    sides: Uint32Array.from(order, (k) => added.sides.get(k)),
  };
}
