import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type * as TfConverter from '@tensorflow/tfjs-converter';
import type { io } from '@tensorflow/tfjs-core';
import { loadTf } from '../../src/core/augment/backend/tfBackend';
import {
  CONTENT_MODEL,
  contentModelId,
  INPUT_NODE,
  loadModelArtifacts,
  locateModel,
  OUTPUT_NODE,
} from '../../src/core/content/contentModel';
import { EMBED_BATCH, loadEmbedder } from '../../src/core/content/embedder';
import { contentInput, CONFIRM_THUMB_SIZE } from '../../src/core/content/modelInput';
import { resample } from '../../src/core/content/resample';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { createRng } from '../../src/core/util/rng';
import { PYTHON, pythonMissing } from './helpers/python';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const converter = require('@tensorflow/tfjs-converter') as typeof TfConverter;

const size = CONTENT_MODEL.inputSize;

function randomPixels(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size * size * 3 }, () => rng.next());
}

function mirrored(pixels: Float32Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = pixels[(y * size + (size - 1 - x)) * 3 + c];
  return out;
}

test('the model is read from the installed package and keyed by its version, layer, size and flip', () => {
  const location = locateModel();
  assert.match(location.version, /^\d+\.\d+\.\d+/);
  assert.equal(
    contentModelId(location),
    `nsfwjs@${location.version}/mobilenet_v2_mid/expanded_conv_13/expand/Relu6@128+flip`,
  );
});

test('the pruned graph keeps only what the cut needs and computes what the whole graph computes there', async () => {
  const { tf } = await loadTf();
  const pruned = loadModelArtifacts();
  const nodes = (pruned.modelTopology as { node: { name: string }[] }).node;
  assert.ok(nodes.some((n) => n.name === OUTPUT_NODE));
  assert.ok(!nodes.some((n) => n.name.endsWith('/Softmax')), 'the classifier head is cut off');
  const prunedBytes = (pruned.weightData as ArrayBuffer).byteLength;
  assert.ok(prunedBytes > 1e6 && prunedBytes < 4.3e6, `${prunedBytes} weight bytes kept`);

  // Reference: the whole graph as shipped (only its input resized the same way), every node and weight.
  const full = await fullGraph();
  const model = await converter.loadGraphModel(tf.io.fromMemory(pruned));
  const input = tf.tensor4d(randomPixels(1), [1, size, size, 3]);
  const a = model.execute(input, OUTPUT_NODE) as ReturnType<typeof tf.tensor4d>;
  const b = full.execute({ [INPUT_NODE]: input }, OUTPUT_NODE) as ReturnType<typeof tf.tensor4d>;
  assert.deepEqual(a.shape, [1, 8, 8, CONTENT_MODEL.dims]);
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(diff === 0, `max difference ${diff}`);
  tf.dispose([input, a, b]);
});

/** The package's graph with every node (head included) and every weight, input resized as in loadModelArtifacts. */
async function fullGraph(): Promise<TfConverter.GraphModel> {
  const { tf } = await loadTf();
  const location = locateModel();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require(`${location.directory}/model.min.js`) as {
    modelTopology: { node: { name: string; attr?: { shape?: { shape?: { dim?: { size: string }[] } } } }[] };
    weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  };
  const topology = JSON.parse(JSON.stringify(json.modelTopology)) as typeof json.modelTopology;
  const dims = topology.node.find((n) => n.name === INPUT_NODE)!.attr!.shape!.shape!.dim!;
  dims[1].size = dims[2].size = String(size);
  const data = Buffer.concat(
    json.weightsManifest
      .flatMap((g) => g.paths)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      .map((p) => Buffer.from(require(`${location.directory}/${p}.min.js`) as string, 'base64')),
  );
  return converter.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: topology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    }),
  );
}

test('embed: one pooled vector per input, the mean over the image and its mirror, the same in any batch', async () => {
  const embedder = await loadEmbedder();
  const inputs = Array.from({ length: EMBED_BATCH + 2 }, (_, k) => randomPixels(10 + k));
  const vectors = embedder.embed(inputs);
  assert.equal(vectors.length, inputs.length);
  for (const v of vectors) assert.equal(v.length, CONTENT_MODEL.dims);

  // Reference: the whole graph, pooled by hand, for the image and its mirror.
  const { tf } = await loadTf();
  const full = await fullGraph();
  const pooled = (pixels: Float32Array) => {
    const features = full.execute(tf.tensor4d(pixels, [1, size, size, 3]), OUTPUT_NODE) as ReturnType<
      typeof tf.tensor4d
    >;
    const data = features.dataSync();
    const out = new Float64Array(CONTENT_MODEL.dims);
    const cells = data.length / CONTENT_MODEL.dims;
    for (let i = 0; i < data.length; i++) out[i % CONTENT_MODEL.dims] += data[i] / cells;
    return out;
  };
  const k = EMBED_BATCH + 1; // in the second pass
  const plain = pooled(inputs[k]);
  const flipped = pooled(mirrored(inputs[k]));
  for (let c = 0; c < CONTENT_MODEL.dims; c++) {
    const expected = (plain[c] + flipped[c]) / 2;
    assert.ok(Math.abs(vectors[k][c] - expected) < 1e-4, `channel ${c}: ${vectors[k][c]} vs ${expected}`);
  }
  // A mirrored image has the same vector; alone it gets the same vector as in a batch.
  const [alone, mirror] = embedder.embed([inputs[k], mirrored(inputs[k])]);
  for (let c = 0; c < CONTENT_MODEL.dims; c++) {
    assert.ok(Math.abs(alone[c] - vectors[k][c]) < 1e-5);
    assert.ok(Math.abs(mirror[c] - vectors[k][c]) < 1e-5);
  }
  assert.throws(() => embedder.embed([new Float32Array(10)]), /expected 49152/);
});

test('embedUnmirrored: the own pooled vector of each image, so a mirrored image gets another one (the probe needs it)', async () => {
  const embedder = await loadEmbedder();
  const { tf } = await loadTf();
  const full = await fullGraph();
  const input = randomPixels(31);
  const features = full.execute(tf.tensor4d(input, [1, size, size, 3]), OUTPUT_NODE) as ReturnType<
    typeof tf.tensor4d
  >;
  const expected = tf.mean(features, [1, 2]).dataSync();
  const [own, mirror] = embedder.embedUnmirrored([input, mirrored(input)]);
  const [averaged] = embedder.embed([input]);
  let apart = 0;
  let norm = 0;
  for (let c = 0; c < CONTENT_MODEL.dims; c++) {
    assert.ok(Math.abs(own[c] - expected[c]) < 1e-4, `channel ${c}: ${own[c]} vs ${expected[c]}`);
    // The flip-averaged vector is the mean of the two.
    assert.ok(Math.abs(averaged[c] - (own[c] + mirror[c]) / 2) < 1e-4, `channel ${c}: not the mean`);
    apart += (own[c] - mirror[c]) ** 2;
    norm += own[c] ** 2;
  }
  assert.ok(
    Math.sqrt(apart / norm) > 0.01,
    `the mirror's vector differs (relative distance ${Math.sqrt(apart / norm)})`,
  );
});

function decoded(width: number, height: number, channels: 1 | 3, stride: number, seed: number): DecodedImage {
  const rng = createRng(seed);
  const data = Uint8Array.from({ length: width * height * stride }, () => rng.int(0, 255));
  return {
    format: 'png',
    mode: channels === 1 ? 'L' : 'RGB',
    width,
    height,
    data,
    stride,
    colourChannels: channels,
    hadAlpha: stride > channels,
  };
}

const reference = (script: string, input: string): number[] =>
  JSON.parse(execFileSync(PYTHON, ['-c', script], { input, encoding: 'utf8' })) as number[];

test('resample matches OpenCV: INTER_AREA when shrinking, INTER_LINEAR when enlarging (float images)', (t) => {
  const missing = pythonMissing({ numpy: 'python3-numpy', cv2: 'python3-opencv' });
  if (missing) return t.skip(missing);
  // One axis at a time: OpenCV picks one interpolation for both axes, we pick one per axis.
  const script = `
import sys, json
import numpy as np, cv2
w, h, W, H, *v = json.load(sys.stdin)
a = np.array(v, np.float32).reshape(h, w)
a = cv2.resize(a, (W, h), interpolation=cv2.INTER_AREA if W <= w else cv2.INTER_LINEAR)
a = cv2.resize(a, (W, H), interpolation=cv2.INTER_AREA if H <= h else cv2.INTER_LINEAR)
print(json.dumps(a.ravel().tolist()))`;
  const rng = createRng(3);
  for (const [w, h, W, H] of [
    [300, 170, 128, 128],
    [28, 28, 128, 128],
    [128, 128, 48, 48],
    [7, 5, 128, 128],
    [300, 20, 128, 128],
  ]) {
    const src = Float32Array.from({ length: w * h }, () => rng.int(0, 255));
    const ours = resample(src, w, h, 1, 1, W, H);
    const theirs = reference(script, JSON.stringify([w, h, W, H, ...src]));
    const worst = theirs.reduce((m, v, i) => Math.max(m, Math.abs(v - ours[i])), 0);
    assert.ok(worst < 1e-2, `${w}x${h} -> ${W}x${H}: max difference ${worst}`);
  }
});

test('contentInput: RGB 0..1 (alpha dropped, grey repeated), a 48 px luma thumbnail like PIL "L"', () => {
  const rgba = decoded(40, 30, 3, 4, 5);
  const { pixels, thumb } = contentInput(rgba);
  assert.equal(pixels.length, size * size * 3);
  assert.equal(thumb.length, CONFIRM_THUMB_SIZE ** 2);
  const rgb = resample(rgba.data, 40, 30, 4, 3, size, size);
  for (let i = 0; i < rgb.length; i++) assert.ok(Math.abs(pixels[i] - rgb[i] / 255) < 1e-6);
  const grey = decoded(20, 20, 1, 1, 6);
  const g = contentInput(grey).pixels;
  for (let p = 0; p < size * size; p++) assert.ok(g[p * 3] === g[p * 3 + 1] && g[p * 3] === g[p * 3 + 2]);
  // Luma, then a box average 128 -> 48 of it.
  const luma = new Float32Array(size * size);
  for (let p = 0; p < luma.length; p++)
    luma[p] = 0.299 * pixels[p * 3] + 0.587 * pixels[p * 3 + 1] + 0.114 * pixels[p * 3 + 2];
  const small = resample(luma, size, size, 1, 1, CONFIRM_THUMB_SIZE, CONFIRM_THUMB_SIZE);
  for (let i = 0; i < thumb.length; i++) assert.equal(thumb[i], Math.round(small[i] * 255));
});

test('contentInput into a reused buffer: the same samples, written over what was there', () => {
  const image = decoded(40, 30, 3, 4, 7);
  const buffer = new Float32Array(size * size * 3).fill(9);
  const into = contentInput(image, size, buffer);
  assert.equal(into.pixels, buffer);
  assert.deepEqual(into.pixels, contentInput(image).pixels);
  assert.deepEqual(into.thumb, contentInput(image).thumb);
  assert.throws(() => contentInput(image, size, new Float32Array(10)), /holds 10 values, expected 49152/);
});
