import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Where every benchmark keeps its generated data, results and the build it measures (git-ignored). */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const benchDataDir = path.join(repoRoot, 'bench-data');
export const benchmarksFile = path.join(repoRoot, 'BENCHMARKS.md');

/** A build of the CLI copied aside, and what it was built from. */
export interface BuildSnapshot {
  cliPath: string;
  /** `git describe --always --dirty` of the source, e.g. "bcbb00c" or "bcbb00c-dirty". */
  commit: string;
}

let snapshot: BuildSnapshot | undefined;

/**
 * Copies dist/ once per bench process and returns the copy's CLI. Other people rebuild dist/ while a bench
 * runs: the copy keeps the measured build fixed. It lives inside the repo, so the bundle still finds
 * node_modules/sharp.
 */
export function snapshotBuild(): BuildSnapshot {
  if (snapshot) return snapshot;
  const dist = path.join(repoRoot, 'dist');
  if (!existsSync(path.join(dist, 'cli.js')))
    throw new BenchUsageError('dist/cli.js not found: run `npm run build` first');
  const dir = path.join(benchDataDir, 'dist-snapshot');
  rmSync(dir, { recursive: true, force: true });
  cpSync(dist, dir, { recursive: true });
  snapshot = { cliPath: path.join(dir, 'cli.js'), commit: gitDescribe() };
  return snapshot;
}

function gitDescribe(): string {
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

/** A mistake in how a bench was called: printed as one line, exit code 2. */
export class BenchUsageError extends Error {}

/** Runs a bench's main function: usage errors become one line and exit code 2, anything else exit code 1. */
export function runBench(main: () => Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof BenchUsageError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
