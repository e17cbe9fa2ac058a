import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';

/**
 * The embedding model: the MobileNetV2 (width 1.4, ImageNet-pretrained, fine-tuned end to end by nsfwjs for its
 * own five classes) that the `nsfwjs` npm package ships as a TensorFlow.js graph model, cut after the expansion
 * of block 13 and average-pooled. Chosen by measurement (docs/content.md): against the package's other
 * MobileNetV2 (width 1.0, Keras layers) and other cut points and input sizes it gave the best logistic accuracy
 * and label-noise F1 on Fashion-MNIST and digits and the fastest inference (fused convolutions), 128 px being
 * the best trade between both. The weights are read from the installed package: nothing is downloaded.
 */
export const CONTENT_MODEL = {
  /** Package and folder of its model files (`dist/models/<folder>`). */
  package: 'nsfwjs',
  folder: 'mobilenet_v2_mid',
  architecture: 'MobileNetV2 1.4',
  /** The graph node whose output is pooled (TF-Hub's MobilenetV2 naming). */
  layer: 'expanded_conv_13/expand/Relu6',
  /** Input side in pixels (images are resized to inputSize x inputSize, RGB, values 0..1). */
  inputSize: 128,
  /** Channels of the pooled vector. */
  dims: 816,
  /** Each image is embedded with its mirror image and the two vectors averaged (flip test-time augmentation). */
  flip: true,
} as const;

/** Path prefix of every node inside the TF-Hub MobilenetV2 wrapped by the nsfwjs graph. */
const NODE_PREFIX =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/';
export const OUTPUT_NODE = NODE_PREFIX + CONTENT_MODEL.layer;
export const INPUT_NODE = 'input';

/** Where the package's files are, or why they are not there. */
export interface ModelLocation {
  directory: string;
  /** The package's version: part of the model id, so vectors from other weights never mix. */
  version: string;
}

/**
 * The model's files beside the bundles (dist/models/<folder>, copied there by scripts/build.mjs with the
 * package's version in source.json: the VSIX and the npm package carry them, not the package); from source, the
 * installed package, found by its package.json along Node's module search path. The package's `exports` do not
 * expose its model files, so they are read from its folder, as files.
 */
export function locateModel(): ModelLocation {
  const bundled = path.join(__dirname, 'models', CONTENT_MODEL.folder);
  if (existsSync(path.join(bundled, 'source.json'))) {
    const { version } = JSON.parse(readFileSync(path.join(bundled, 'source.json'), 'utf8')) as {
      version: string;
    };
    return { directory: bundled, version };
  }
  const searched = require.resolve.paths(CONTENT_MODEL.package) ?? [];
  for (const dir of searched) {
    const manifest = path.join(dir, CONTENT_MODEL.package, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const directory = path.join(dir, CONTENT_MODEL.package, 'dist', 'models', CONTENT_MODEL.folder);
    if (!existsSync(path.join(directory, 'model.min.js')))
      throw new Error(`${CONTENT_MODEL.package}@${version} has no ${CONTENT_MODEL.folder} model files`);
    return { directory, version };
  }
  throw new Error(
    `the embedding model's files are missing: not in ${bundled} (where the build puts them), and the npm package ${CONTENT_MODEL.package} is not installed`,
  );
}

/** The id vectors are keyed by in caches: model, weights (package version), layer, input size and flip. */
export function contentModelId(location: ModelLocation = locateModel()): string {
  const m = CONTENT_MODEL;
  return `${m.package}@${location.version}/${m.folder}/${m.layer}@${m.inputSize}${m.flip ? '+flip' : ''}`;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: { shape?: { shape?: { dim?: { size: string }[] } } };
}

interface ModelJson {
  modelTopology: { node: GraphNode[] };
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

/**
 * The model as in-memory artifacts for `tf.io.fromMemory`: only the graph up to OUTPUT_NODE and its weights
 * (a third of the file's weights are never used), with the input's spatial size set to CONTENT_MODEL.inputSize.
 * The package stores each file as a JavaScript module exporting the JSON object or a base64 string.
 */
export function loadModelArtifacts(location: ModelLocation = locateModel()): io.ModelArtifacts {
  const model = requireFile(path.join(location.directory, 'model.min.js')) as ModelJson;
  const shards = model.weightsManifest.flatMap((group) => group.paths);
  const weights = Buffer.concat(
    shards.map((shard) =>
      Buffer.from(requireFile(path.join(location.directory, `${shard}.min.js`)) as string, 'base64'),
    ),
  );
  const specs = model.weightsManifest.flatMap((group) => group.weights);
  const nodes = reachableFrom(OUTPUT_NODE, model.modelTopology.node);
  const input = nodes.find((node) => node.name === INPUT_NODE);
  const dims = input?.attr?.shape?.shape?.dim;
  if (!dims || dims.length !== 4) throw new Error(`the model has no 4-D "${INPUT_NODE}" node`);
  dims[1].size = dims[2].size = String(CONTENT_MODEL.inputSize);
  const kept = new Set(nodes.map((node) => node.name));
  const { specs: weightSpecs, data: weightData } = keepWeights(specs, weights, (name) => kept.has(name));
  return { modelTopology: { ...model.modelTopology, node: nodes }, weightSpecs, weightData };
}

/** The nodes `output` depends on (itself included), in the file's order. */
function reachableFrom(output: string, nodes: GraphNode[]): GraphNode[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  if (!byName.has(output)) throw new Error(`the model has no node ${output}`);
  const needed = new Set<string>();
  const stack = [output];
  while (stack.length) {
    const name = stack.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    // Inputs may name an output slot ("node:1") or a control dependency ("^node").
    for (const input of byName.get(name)?.input ?? []) stack.push(input.replace(/^\^/, '').split(':')[0]);
  }
  return nodes.filter((node) => needed.has(node.name));
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2, bool: 1 };

/** The specs that `keep` accepts and their bytes, cut out of the weights buffer (laid out in spec order). */
function keepWeights(
  specs: io.WeightsManifestEntry[],
  weights: Buffer,
  keep: (name: string) => boolean,
): { specs: io.WeightsManifestEntry[]; data: ArrayBuffer } {
  const kept: io.WeightsManifestEntry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const bytes = spec.shape.reduce((n, d) => n * d, 1) * (BYTES[stored] ?? NaN);
    if (!Number.isFinite(bytes)) throw new Error(`weight ${spec.name}: unsupported type ${stored}`);
    if (keep(spec.name)) {
      kept.push(spec);
      parts.push(weights.subarray(offset, offset + bytes));
    }
    offset += bytes;
  }
  if (offset !== weights.length)
    throw new Error(`the model's weights hold ${weights.length} bytes where its manifest needs ${offset}`);
  const data = Buffer.concat(parts);
  return { specs: kept, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
}

/**
 * A model file (a CommonJS module) by absolute path, read at run time (outside the bundle). Dropped from the module
 * cache at once: the 6 MB of base64 it holds would otherwise stay in memory for the life of the process.
 */
function requireFile(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const value: unknown = require(file);
  delete require.cache[file];
  return value;
}
