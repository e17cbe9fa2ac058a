/**
 * Benchmarks `dataset-lens analyze` against the strongest peer (OpenCV, 2 processes) side by side, in one run:
 * speed (median wall time of N runs), peak memory of each whole process tree, and whether the statistics agree.
 * Writes bench-data/results.json and, for a full run, its section of BENCHMARKS.md.
 *
 *   npm run bench                       this, then the augmentation bench
 *   node --import tsx test/bench/analyzeBench.ts [options]        (after npm run build)
 *     --quick          5,000 PNGs + 300 JPEGs, a sanity run (BENCHMARKS.md is left alone)
 *     --large          adds 160 12-megapixel JPEGs, for memory
 *     --data <dir>     also a folder of real data (repeatable): generated data can flatter us
 *     --reps <n>       runs per tool (default 3), --timeout <s> per run (default 900)
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { analysisSection, checkLines, legend, resultsTable, type RunContext } from './analyze/analysisReport';
import { analysisSets } from './analyze/analysisSets';
import { runSet, type SetResult } from './analyze/runSet';
import { cliHasCache, toolsFor } from './analyze/tools';
import { intOption, parseBenchArgs, positiveOption } from './args';
import { log } from './log';
import { loadAverageNow } from './measure/machineLoad';
import { BenchUsageError, benchDataDir, runBench, snapshotBuild } from './paths';
import { statsPeer } from './peers/peers';
import { writeBenchSection } from './report/benchmarksFile';

const USAGE = '[--quick] [--large] [--data <dir>]... [--reps <n>] [--timeout <s>]';

export interface AnalysisOptions {
  quick: boolean;
  large: boolean;
  data: string[];
  reps: number;
  timeoutS: number;
}

export function parseAnalysisArgs(argv: string[]): AnalysisOptions {
  const values = parseBenchArgs(
    argv,
    {
      quick: { type: 'boolean' },
      large: { type: 'boolean' },
      data: { type: 'string', multiple: true },
      reps: { type: 'string' },
      timeout: { type: 'string' },
    },
    USAGE,
  );
  const data = (values.data ?? []).map((dir) => path.resolve(dir));
  for (const dir of data)
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new BenchUsageError(`--data ${dir}: not a folder`);
  return {
    quick: values.quick ?? false,
    large: values.large ?? false,
    data,
    reps: intOption('reps', values.reps, 3),
    timeoutS: positiveOption('timeout', values.timeout, 900),
  };
}

export async function runAnalysisBench(options: AnalysisOptions): Promise<void> {
  const loadAverageAtStart = loadAverageNow();
  const build = snapshotBuild();
  const dataRoot = path.join(benchDataDir, options.quick ? 'quick' : 'full');
  const cache = cliHasCache(build.cliPath)
    ? { warm: path.join(dataRoot, 'cli-cache'), firstRun: path.join(dataRoot, 'cli-cache-first-run') }
    : undefined;
  const peer = statsPeer();
  if (peer.problem)
    log(
      `\n*** Peer unavailable: ${peer.problem}\n*** Running only dataset-lens; no ratios or cross-checks.\n`,
    );

  const results: SetResult[] = [];
  for (const set of analysisSets(dataRoot, options)) {
    const dir = await set.prepare();
    const tools = toolsFor(dir, build.cliPath, cache, peer.problem ? undefined : peer.script);
    results.push(await runSet(set, dir, tools, { reps: options.reps, timeoutS: options.timeoutS }));
  }

  const context: RunContext = {
    date: new Date(),
    commit: build.commit,
    reps: options.reps,
    cores: os.availableParallelism(),
    node: process.version,
    sharp: sharp.versions.sharp ?? 'unknown',
    loadAverageAtStart,
    peerProblem: peer.problem,
  };
  console.log(
    ['', ...legend(context, results), '', resultsTable(results), '', ...checkLines(results)].join('\n'),
  );
  const resultsPath = path.join(benchDataDir, options.quick ? 'results-quick.json' : 'results.json');
  writeResultsJson(resultsPath, context, options, results, cache !== undefined, peer);
  console.log(`\nResults written to ${path.relative(process.cwd(), resultsPath)}`);
  if (!options.quick) {
    await writeBenchSection(analysisSection(context, results));
    console.log('BENCHMARKS.md: section "analyze" updated');
  }
}

function writeResultsJson(
  file: string,
  context: RunContext,
  options: AnalysisOptions,
  results: readonly SetResult[],
  cache: boolean,
  peer: { script: string; problem: string | undefined },
): void {
  const out = {
    date: context.date.toISOString(),
    quick: options.quick,
    reps: options.reps,
    source: context.commit,
    cli: { cache },
    machine: {
      cores: context.cores,
      cpu: os.cpus()[0]?.model,
      node: context.node,
      sharp: context.sharp,
      loadAverageAtStart: context.loadAverageAtStart,
    },
    peer: peer.problem ? { unavailable: peer.problem } : { path: peer.script },
    datasets: results.map(({ set, dir, tools, check }) => ({
      name: set.name,
      label: set.label,
      dir,
      files: tools[0]?.images,
      tools,
      check,
    })),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
}

if (require.main === module) runBench(() => runAnalysisBench(parseAnalysisArgs(process.argv.slice(2))));
