// The esbuild options every Node bundle shares: scripts/build.mjs builds the product with them, and
// test/bench/content/standInBuild.ts a bench variant of the CLI and worker (same options, one module swapped).

/** Native or runtime-provided modules stay outside the bundles; tfjs is its own bundle, loaded on first use. */
export const external = ['vscode', 'sharp', 'usearch', '@tensorflow/*'];

/** Options of a Node bundle written to `outdir`; `production` minifies without source maps. */
export function nodeBundleOptions({ production, outdir }) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    external,
    // jsonc-parser's default (UMD) build loads its parts with a dynamic require() a bundle cannot follow.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    logLevel: 'warning',
    outdir,
  };
}
