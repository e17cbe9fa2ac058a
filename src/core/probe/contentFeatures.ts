import type { AugImage } from '../augment/augImage';
import { CONTENT_MODEL } from '../content/contentModel';
import { loadEmbedder, type Embedder } from '../content/embedder';
import { resample } from '../content/resample';
import type { FeatureSpace } from './probeFeatures';
import type { ProbeFeatures } from './probeTypes';

/** Images converted and embedded at a time: a few model passes, so transformed copies never pile up. */
const CHUNK = 32;

/**
 * The `--content` embedding (CONTENT_MODEL: MobileNetV2, pooled after block 13, 128 px) of each working image,
 * without the mirror averaging of `analyze --content`: averaged with its mirror, a mirrored image would get the
 * very same vector, and the probe could never see what a flip does. Loads the model (once per process).
 */
export async function contentFeatureSpace(reason: string): Promise<FeatureSpace> {
  const embedder = await loadEmbedder();
  return { info: contentFeatureInfo(reason), rows: (images) => contentRows(embedder, images) };
}

export function contentFeatureInfo(reason: string): ProbeFeatures {
  const { architecture, layer, inputSize, dims } = CONTENT_MODEL;
  return {
    kind: 'content',
    dim: dims,
    detail: `${architecture} embedding (${layer}, average-pooled; ${inputSize}x${inputSize} RGB from the working image; not mirror-averaged)`,
    reason,
  };
}

function contentRows(embedder: Embedder, images: readonly AugImage[]): Float32Array {
  const dims = CONTENT_MODEL.dims;
  const out = new Float32Array(images.length * dims);
  for (let at = 0; at < images.length; at += CHUNK) {
    const chunk = images.slice(at, at + CHUNK);
    const vectors = embedder.embedUnmirrored(chunk.map((image) => contentPixels(image)));
    vectors.forEach((vector, k) => {
      if (vector.length !== dims)
        throw new Error(`content features: ${vector.length} dims, expected ${dims}`);
      out.set(vector, (at + k) * dims);
    });
  }
  return out;
}

/**
 * A working image as the model reads it: resized to the model's input (bilinear up, area down, as
 * `analyze --content`), RGB (grey repeated), 0..1 (transforms may overshoot 0..255: clamped).
 */
export function contentPixels(image: AugImage, size: number = CONTENT_MODEL.inputSize): Float32Array {
  const { width, height, channels } = image;
  const resized = resample(image.data, width, height, channels, channels, size, size);
  const pixels = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    for (let k = 0; k < 3; k++) {
      const v = resized[i * channels + (channels === 1 ? 0 : k)] / 255;
      pixels[i * 3 + k] = v <= 0 ? 0 : v >= 1 ? 1 : v;
    }
  }
  return pixels;
}
