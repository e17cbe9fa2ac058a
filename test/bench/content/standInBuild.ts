import type { Plugin } from 'esbuild';
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../paths';

/** The product modules the variant swaps, by path from the repository, and the bench module that stands in. */
const SWAPS: Record<string, string> = {
  'src/core/content/embedder.ts': 'test/bench/content/standIn/embedder.ts',
  'src/core/content/contentModel.ts': 'test/bench/content/standIn/contentModel.ts',
};

interface NodeBundle {
  nodeBundleOptions(options: { production: boolean; outdir: string }): esbuild.BuildOptions;
}

/**
 * Builds the CLI and the analysis worker into `outdir` with scripts/build.mjs's options, the content model's
 * embedder and id swapped for the bench stand-ins (standIn/): src/ carries no switch for it. `outdir` must be
 * inside the repository, so the bundles find node_modules (sharp, usearch). Returns the variant's cli.js.
 */
export async function buildStandInVariant(outdir: string): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const shared = pathToFileURL(path.join(repoRoot, 'scripts', 'nodeBundle.mjs')).href;
  const { nodeBundleOptions } = (await import(shared)) as NodeBundle;
  const swapped = new Set<string>();
  const swap: Plugin = {
    name: 'content-stand-in',
    setup(build) {
      build.onResolve({ filter: /\/(embedder|contentModel)$/ }, (args) => {
        const target = path.relative(repoRoot, path.resolve(args.resolveDir, `${args.path}.ts`));
        const standIn = SWAPS[target];
        // The stand-ins import the real modules themselves: those imports resolve as usual.
        if (!standIn || path.relative(repoRoot, args.importer).startsWith('test/bench/')) return undefined;
        swapped.add(target);
        return { path: path.join(repoRoot, standIn) };
      });
    },
  };
  await esbuild.build({
    ...nodeBundleOptions({ production: false, outdir }),
    absWorkingDir: repoRoot,
    entryPoints: { cli: 'src/cli/main.ts', worker: 'src/core/engine/worker.ts' },
    plugins: [swap],
  });
  const missed = Object.keys(SWAPS).filter((file) => !swapped.has(file));
  if (missed.length)
    throw new Error(`the stand-in build swapped nothing for ${missed.join(', ')}: a seam moved`);
  return path.join(outdir, 'cli.js');
}
