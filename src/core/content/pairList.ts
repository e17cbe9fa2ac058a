import { Growable } from '../util/growable';

/**
 * Pairs of images (i < j) with the exact cosine of their content vectors, in chunked typed arrays: 16 bytes a
 * pair. A search of 70,000 images gives ~650,000 candidate pairs; as objects they took ~40 bytes each on the heap
 * and stayed there through the label check and the map.
 */
export class PairList {
  private readonly first = new Growable(Uint32Array);
  private readonly second = new Growable(Uint32Array);
  private readonly similarities = new Growable(Float64Array);

  get length(): number {
    return this.first.length;
  }

  push(i: number, j: number, similarity: number): void {
    this.first.push(i);
    this.second.push(j);
    this.similarities.push(similarity);
  }

  i(p: number): number {
    return this.first.get(p);
  }

  j(p: number): number {
    return this.second.get(p);
  }

  similarity(p: number): number {
    return this.similarities.get(p);
  }

  /** Pair p as an object (for the few that are confirmed, and for tests). */
  at(p: number): { i: number; j: number; similarity: number } {
    return { i: this.i(p), j: this.j(p), similarity: this.similarity(p) };
  }
}
