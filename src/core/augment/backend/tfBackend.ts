import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as TfModules from './tfModules';

export type Tf = typeof TfModules.core;
/** tfjs-converter (graph models), on the same tfjs-core as `tf`. */
export type TfConverter = typeof TfModules.converter;
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TfHandle {
  tf: Tf;
  converter: TfConverter;
  backend: TfBackendName;
  /** Why faster rungs of the ladder were skipped (shown by --verbose and the bench). */
  skipped: string[];
}

const LADDER: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let loading: Promise<TfHandle> | undefined;

/**
 * Loads TensorFlow.js once, on the fastest backend that works here: tfjs-node (native; not a dependency, as it
 * cannot install without downloading libtensorflow: used when the user installed it where we can require it) ->
 * wasm (SIMD, single thread, its .wasm files read from disk, nothing fetched) -> cpu (pure JS).
 * DATASET_LENS_TF_BACKEND forces one. Lazy, so commands that never touch tfjs do not pay for loading it.
 */
export function loadTf(): Promise<TfHandle> {
  loading ??= initialise();
  return loading;
}

async function initialise(): Promise<TfHandle> {
  const forced = process.env.DATASET_LENS_TF_BACKEND as TfBackendName | undefined;
  const ladder = forced && LADDER.includes(forced) ? [forced] : LADDER;
  const skipped: string[] = [];
  for (const backend of ladder) {
    try {
      const { tf, converter } = tfFor(backend);
      // Production mode: no debug checks, and no "install tfjs-node" banner (it would land on stderr of every run).
      tf.enableProdMode();
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { tf, converter, backend, skipped };
      }
      skipped.push(`${backend}: setBackend returned false`);
    } catch (error) {
      skipped.push(`${backend}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/** Not literals: the optional package must not be resolved at build time (esbuild keeps them external anyway). */
const NODE_BACKEND_PACKAGE = '@tensorflow/tfjs-node';
const CONVERTER_PACKAGE = '@tensorflow/tfjs-converter';

/**
 * The TensorFlow.js a backend runs on: tfjs-node brings its own (the whole tfjs API, its native backend
 * registered, and node_modules' tfjs-converter on the same tfjs-core); wasm and cpu registered themselves on
 * tfModules' tfjs-core when it loaded, wasm still needs to be told where its files are.
 */
function tfFor(backend: TfBackendName): { tf: Tf; converter: TfConverter } {
  if (backend === 'tensorflow')
    return {
      tf: lazyRequire(NODE_BACKEND_PACKAGE) as Tf,
      converter: lazyRequire(CONVERTER_PACKAGE) as TfConverter,
    };
  const modules = tfModules();
  if (backend === 'wasm') modules.wasm.setWasmPaths(wasmDirectory());
  return { tf: modules.core, converter: modules.converter };
}

/** dist/tf.js next to the bundle (scripts/build.mjs); tfModules.ts (through tsx) when running from source. */
function tfModules(): typeof TfModules {
  const bundled = path.join(__dirname, 'tf.js');
  return lazyRequire(existsSync(bundled) ? bundled : './tfModules') as typeof TfModules;
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
 * The folder holding tfjs-backend-wasm's .wasm files, with a trailing slash: dist/ beside the bundles (the build
 * copies them there), node_modules from source. A plain path (not a URL) with the platform fetch off makes the
 * emscripten loader read the file with fs: Node's fetch cannot read file:// URLs.
 */
export function wasmDirectory(): string {
  if (existsSync(path.join(__dirname, 'tf.js'))) return __dirname + path.sep;
  return (
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep
  );
}
