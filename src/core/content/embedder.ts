import { loadTf, type TfBackendName } from '../augment/backend/tfBackend';
import { CONTENT_MODEL, contentModelId, locateModel, loadModelArtifacts, OUTPUT_NODE } from './contentModel';

/** Computes content vectors; one per process (the model's weights live in the TensorFlow.js backend). */
export interface Embedder {
  /** What the vectors are (caches key on it): see contentModelId. */
  readonly modelId: string;
  readonly backend: TfBackendName;
  /**
   * One pooled vector (CONTENT_MODEL.dims floats) per input, in order: the mean of the vectors of the image and
   * of its mirror image. Inputs are contentInput(...).pixels. Raw activations: centre them on the dataset's
   * mean before comparing (ReLU features share a large common component), see contentVectors.ts.
   */
  embed(inputs: Float32Array[]): Float32Array[];
  /**
   * Like embed, without the mirror image: the image's own vector, so a mirrored image gets another vector (what
   * the label-safety probe needs to see what a flip does). Same inputs, same dims.
   */
  embedUnmirrored(inputs: Float32Array[]): Float32Array[];
}

/**
 * Images per forward pass (each also mirrored: twice as many rows). The wasm backend's heap grows to fit the
 * largest pass and never shrinks, and each embedding worker keeps its heap for the whole run: one image (and its
 * mirror) a pass keeps it to under half of what four took, for a few percent more CPU per image (measured:
 * docs/cache-and-scale.md#memory). A row's vector does not depend on the other rows of its pass (bit for bit).
 */
export const EMBED_BATCH = 1;

let loading: Promise<Embedder> | undefined;

/** The process's embedder, loaded on first use (TensorFlow.js, then the model from the installed package). */
export function loadEmbedder(): Promise<Embedder> {
  loading ??= createEmbedder();
  loading.catch(() => (loading = undefined));
  return loading;
}

async function createEmbedder(): Promise<Embedder> {
  const location = locateModel();
  const { tf, converter, backend } = await loadTf();
  const model = await converter.loadGraphModel(tf.io.fromMemory(loadModelArtifacts(location)));
  const size = CONTENT_MODEL.inputSize;
  const pixelsPerImage = size * size * 3;
  const pass = (inputs: Float32Array[], flip: boolean): Float32Array[] => {
    const n = inputs.length;
    for (const input of inputs)
      if (input.length !== pixelsPerImage)
        throw new Error(`embed: an input has ${input.length} values, expected ${pixelsPerImage}`);
    // One image: its own samples (the tensor copies them into the backend), no batch to fill.
    const batch = n === 1 ? inputs[0] : new Float32Array(n * pixelsPerImage);
    if (n > 1) inputs.forEach((input, k) => batch.set(input, k * pixelsPerImage));
    const pooled = tf.tidy(() => {
      const images = tf.tensor4d(batch, [n, size, size, 3]);
      const rows = flip ? tf.concat([images, tf.reverse(images, 2)]) : images;
      const features = model.execute(rows, OUTPUT_NODE) as ReturnType<typeof tf.tensor4d>;
      const means = tf.mean(features, [1, 2]);
      if (!flip) return means;
      const [plain, mirrored] = tf.split(means, 2);
      return tf.div(tf.add(plain, mirrored), 2);
    });
    const flat = pooled.dataSync() as Float32Array;
    pooled.dispose();
    const dims = flat.length / n;
    return inputs.map((_, k) => flat.slice(k * dims, (k + 1) * dims));
  };
  const inBatches = (inputs: Float32Array[], flip: boolean): Float32Array[] => {
    const out: Float32Array[] = [];
    for (let at = 0; at < inputs.length; at += EMBED_BATCH)
      out.push(...pass(inputs.slice(at, at + EMBED_BATCH), flip));
    return out;
  };
  return {
    modelId: contentModelId(location),
    backend,
    embed: (inputs) => inBatches(inputs, CONTENT_MODEL.flip),
    embedUnmirrored: (inputs) => inBatches(inputs, false),
  };
}
