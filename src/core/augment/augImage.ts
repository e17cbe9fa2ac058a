import type { DecodedImage } from '../decode/decodedImage';
import { wasmToBytes } from './ops/bytesWasm';

/**
 * The working image of the augmentation ops: interleaved float32 samples on the 0..255 scale, colour channels only.
 * Float all the way (rounded once at the end) is what Keras preprocessing layers do, so chains match Keras.
 */
export interface AugImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Float32Array;
}

/** Width and height, all a sampler may look at. */
export interface ImageSize {
  width: number;
  height: number;
}

export function createImage(width: number, height: number, channels: 1 | 3): AugImage {
  return { width, height, channels, data: new Float32Array(width * height * channels) };
}

/**
 * An image for an op that writes every one of its samples: its memory is not zeroed first (Buffer.allocUnsafeSlow,
 * an ArrayBuffer of its own), which on photos was ~5% of an export's CPU spent in memset. Never read a sample
 * before writing it.
 */
export function createImageToOverwrite(width: number, height: number, channels: 1 | 3): AugImage {
  const samples = width * height * channels;
  const bytes = Buffer.allocUnsafeSlow(samples * 4);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, samples);
  if (unwrittenSamples.showInTests) data.fill(NaN);
  return { width, height, channels, data };
}

/** For test/unit/overwrittenImages.test.ts: createImageToOverwrite fills with NaN, so a sample left unwritten shows. */
export const unwrittenSamples = { showInTests: false };

/** Same size and channels, fresh pixels: ops never write into their input (apply stays pure). */
export function blankLike(image: AugImage): AugImage {
  return createImage(image.width, image.height, image.channels);
}

/** Colour channels of a decoded image as floats; alpha is dropped, as the analysis does. */
export function fromDecoded(decoded: DecodedImage): AugImage {
  const { width, height, stride } = decoded;
  const channels = decoded.colourChannels;
  const out = createImageToOverwrite(width, height, channels);
  const src = decoded.data;
  const dst = out.data;
  if (stride === channels) {
    // One native copy, each byte converted exactly as the assignment did.
    dst.set(src.subarray(0, dst.length));
    return out;
  }
  const pixels = width * height;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) dst[p * channels + c] = src[p * stride + c];
  }
  return out;
}

/** Samples from which toBytes hands the pass to WebAssembly (below, copying in and out costs more than it saves). */
const WASM_TO_BYTES_FROM = 4096;

/**
 * Raw 8-bit pixels: rounded half away from zero and clamped, the one quantisation step of a chain. In
 * WebAssembly SIMD where there is (ops/bytesWasm.ts), else toBytesInJs; test/unit/toBytes.test.ts checks both at
 * the edges.
 */
export function toBytes(image: AugImage): Uint8Array {
  const src = image.data;
  const out = new Uint8Array(src.length);
  if (src.length >= WASM_TO_BYTES_FROM && wasmToBytes(src, out)) return out;
  toBytesInJs(src, out);
  return out;
}

/**
 * toBytes in JavaScript. `(v + 0.5) | 0` is Math.round for every float32 in (0, 255) (the sum is exact in a
 * double from 0.25 up, and below that cannot reach 1) and about three times faster in V8.
 */
export function toBytesInJs(src: Float32Array, out: Uint8Array): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
  }
}

export function fromBytes(width: number, height: number, channels: 1 | 3, bytes: Uint8Array): AugImage {
  if (bytes.length !== width * height * channels) {
    throw new Error(
      `fromBytes: expected ${width * height * channels} bytes for ${width}x${height}x${channels}, got ${bytes.length}`,
    );
  }
  return { width, height, channels, data: Float32Array.from(bytes) };
}
