/**
 * The `dataset-lens` command: forks the analysis workers a run will need (prestart.ts) before loading the rest of
 * the CLI, so that their start-up (Node, the worker bundle, sharp) runs on the other cores while this process
 * loads the CLI bundle and starts listing the folder, instead of after its first batch.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { prestartWorkers } from '../core/engine/prestartedWorkers';
import type * as CliMain from './main';
import { workersToPrestart } from './prestart';

prestartWorkers(workersToPrestart(process.argv.slice(2)));
cliMain().runCli();

/** dist/cli-main.js next to this bundle (scripts/build.mjs); main.ts (through tsx) when running from source. */
function cliMain(): typeof CliMain {
  const bundled = path.join(__dirname, 'cli-main.js');
  return lazyRequire(existsSync(bundled) ? bundled : './main') as typeof CliMain;
}

/** require() of a path the bundler must not follow: the rest of the CLI is a bundle of its own. */
function lazyRequire(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id);
}
