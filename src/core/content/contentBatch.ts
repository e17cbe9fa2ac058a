import type { DecodedImage } from '../decode/decodedImage';
import type { FileResult } from '../records/fileResult';
import { encodeVector } from '../records/contentRecord';
import { CONTENT_MODEL } from './contentModel';
import { EMBED_BATCH, type Embedder } from './embedder';
import { contentInput } from './modelInput';

/**
 * The content records of one batch of an analysis worker, embedded as its images are decoded: each image's model
 * input goes into a buffer the batch reuses and is embedded once a pass (EMBED_BATCH images) is ready, so a
 * worker holds the samples of a pass or two, not those of its whole batch (64 x 196 KB at 128 px). Those arrays,
 * kept to the end of a batch, outlived the worker's young generation and waited as garbage for a full collection
 * (measured: docs/cache-and-scale.md#memory). Each vector is the image's alone: how images are grouped into
 * passes changes no bit of it.
 */
export class ContentBatch {
  /** Result index and model input of each image taken and not yet embedded. */
  private readonly pending: { index: number; pixels: Float32Array }[] = [];
  /** Input buffers embedded and free again. */
  private readonly free: Float32Array[] = [];
  private readonly vectors = new Map<number, Float32Array>();
  private readonly thumbs = new Map<number, Uint8Array>();

  constructor(private readonly embedder: Embedder) {}

  /** Takes the model input of result `index`'s image (before its pixels are let go); embedded by flushIfReady. */
  take(index: number, image: DecodedImage): void {
    const size = CONTENT_MODEL.inputSize;
    const buffer = this.free.pop() ?? new Float32Array(size * size * 3);
    const { pixels, thumb } = contentInput(image, size, buffer);
    this.pending.push({ index, pixels });
    this.thumbs.set(index, thumb);
  }

  /**
   * Embeds the images taken once a pass is ready. Called outside the decoding of a file: a model that fails to
   * run is no file's fault, and its error ends the batch.
   */
  flushIfReady(): void {
    if (this.pending.length >= EMBED_BATCH) this.flush();
  }

  /** Embeds what is left and gives each successful result its content record (failures get none). */
  finish(results: FileResult[]): void {
    this.flush();
    results.forEach((result, index) => {
      const vector = this.vectors.get(index);
      if (!result.ok || !vector) return;
      result.content = {
        model: this.embedder.modelId,
        ...encodeVector(vector),
        thumb: this.thumbs.get(index)!,
      };
    });
    this.vectors.clear();
    this.thumbs.clear();
  }

  private flush(): void {
    const taken = this.pending.splice(0);
    const vectors = this.embedder.embed(taken.map((t) => t.pixels));
    taken.forEach((t, k) => {
      this.vectors.set(t.index, vectors[k]);
      this.free.push(t.pixels);
    });
  }
}
