/**
 * The TensorFlow.js packages Dataset Lens uses, as one module. esbuild bundles it as dist/tf.js, so the CLI, the
 * extension and the npm package carry one tfjs-core shared by both backends and the graph-model loader, and need
 * no @tensorflow packages at run time; tfBackend.ts loads it on first use (from source, under tsx, this file).
 */
export * as core from '@tensorflow/tfjs-core';
export * as wasm from '@tensorflow/tfjs-backend-wasm';
export * as cpu from '@tensorflow/tfjs-backend-cpu';
export * as converter from '@tensorflow/tfjs-converter';
