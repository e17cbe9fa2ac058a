import * as path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof TfCore;
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TfHandle {
  tf: Tf;
  backend: TfBackendName;
  /** Why faster rungs of the ladder were skipped (shown by --verbose and the bench). */
  skipped: string[];
}

const LADDER: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let loading: Promise<TfHandle> | undefined;

/**
 * Loads TensorFlow.js once, on the fastest backend that works here: tfjs-node (native; an optional dependency
 * that cannot install without downloading libtensorflow, so usually absent) -> wasm (SIMD, single thread, its
 * .wasm files read from node_modules, nothing fetched) -> cpu (pure JS). DATASET_LENS_TF_BACKEND forces one.
 * Lazy, so commands that never touch tfjs do not pay its ~100 ms load.
 */
export function loadTf(): Promise<TfHandle> {
  loading ??= initialise();
  return loading;
}

async function initialise(): Promise<TfHandle> {
  const forced = process.env.DATASET_LENS_TF_BACKEND as TfBackendName | undefined;
  const ladder = forced && LADDER.includes(forced) ? [forced] : LADDER;
  const tf = lazyRequire('@tensorflow/tfjs-core') as Tf;
  // Production mode: no debug checks, and no "install tfjs-node" banner (it would land on stderr of every run).
  tf.enableProdMode();
  const skipped: string[] = [];
  for (const backend of ladder) {
    try {
      register(backend);
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { tf, backend, skipped };
      }
      skipped.push(`${backend}: setBackend returned false`);
    } catch (error) {
      skipped.push(`${backend}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/** Not a literal: the optional package must not be resolved at build time (esbuild keeps it external anyway). */
const NODE_BACKEND_PACKAGE = '@tensorflow/tfjs-node';

function register(backend: TfBackendName): void {
  switch (backend) {
    case 'tensorflow':
      // Registers the 'tensorflow' backend on the shared tfjs-core when the optional package is installed.
      lazyRequire(NODE_BACKEND_PACKAGE);
      return;
    case 'wasm': {
      const wasm = lazyRequire('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
      wasm.setWasmPaths(wasmDirectory());
      return;
    }
    case 'cpu':
      lazyRequire('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * require(), not import(): loads on first use only (CLI start-up stays fast), works the same bundled (CommonJS)
 * and under tsx, where import() of a bare package from a transpiled module fails to resolve.
 */
function lazyRequire(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id);
}

/**
 * The folder holding tfjs-backend-wasm's .wasm files, with a trailing slash. A plain path (not a URL) with the
 * platform fetch off makes the emscripten loader read the file with fs: Node's fetch cannot read file:// URLs.
 */
export function wasmDirectory(): string {
  return (
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep
  );
}
