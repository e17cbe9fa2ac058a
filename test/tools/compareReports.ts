/**
 * Before/after check for a refactor of the analysis engine: runs two builds of the CLI (e.g. main's dist/ before
 * the change and the branch's after it) through every kind of run — plain, first run with a cache, warm runs
 * (unchanged folder, changed settings), samples, shards merged — and says whether each pair of reports is the
 * same JSON once every `durationMs` is left out.
 *
 *   node --import tsx test/tools/compareReports.ts --before /tmp/base/dist/cli.js --after dist/cli.js DIR...
 *     [--labels DIR=CSV] [--sample N] [--workers N] [--content] [--only NAME-PART]...
 *
 * Exit code 0 when every pair matches, 1 otherwise (the first differing paths are printed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface Args {
  before: string;
  after: string;
  datasets: string[];
  labels: Map<string, string>;
  sample: number;
  workers: number | undefined;
  /** Also the runs with --content (a CNN per image: slow on big folders). */
  content: boolean;
  /** Only the scenarios whose name contains one of these (all when empty). */
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    before: '',
    after: '',
    datasets: [],
    labels: new Map(),
    sample: 200,
    workers: undefined,
    content: false,
    only: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--before') args.before = path.resolve(argv[++i]);
    else if (flag === '--after') args.after = path.resolve(argv[++i]);
    else if (flag === '--sample') args.sample = Number(argv[++i]);
    else if (flag === '--workers') args.workers = Number(argv[++i]);
    else if (flag === '--content') args.content = true;
    else if (flag === '--only') args.only.push(argv[++i]);
    else if (flag === '--labels') {
      const [dir, csv] = argv[++i].split('=');
      args.labels.set(path.resolve(dir), path.resolve(csv));
    } else args.datasets.push(path.resolve(flag));
  }
  if (!args.before || !args.after || args.datasets.length === 0) {
    process.stderr.write('usage: compareReports.ts --before CLI --after CLI [--labels DIR=CSV] DIR...\n');
    process.exit(2);
  }
  return args;
}

/** One step of a scenario: CLI arguments, with {cache} and {work} standing for the scenario's own folders. */
type Step = { args: string[]; compare: boolean } | { removeSummaries: true };

interface Scenario {
  name: string;
  steps: Step[];
}

function scenarios(dir: string, args: Args): Scenario[] {
  const base = ['analyze', dir, '--json'];
  if (args.labels.has(dir)) base.push('--labels', args.labels.get(dir)!);
  if (args.workers !== undefined) base.push('--workers', String(args.workers));
  const cache = ['--cache-dir', '{cache}'];
  const sample = ['--sample', String(args.sample), '--seed', '7'];
  const run = (...extra: string[]): Step => ({ args: [...base, ...extra], compare: true });
  const quiet = (...extra: string[]): Step => ({ args: [...base, ...extra], compare: false });
  const shards = [1, 2, 3].map((i) => quiet(...cache, '--shard', `${i}/3`, '--out', `{work}/part${i}.dlp`));
  const content: Scenario[] = [
    { name: 'content, no cache', steps: [run('--no-cache', '--content')] },
    {
      name: 'content: cached without, then with (records recomputed), then warm',
      steps: [quiet(...cache), run(...cache, '--content'), run(...cache, '--content')],
    },
  ];
  return [
    ...(args.content ? content : []),
    { name: 'plain (no cache)', steps: [run('--no-cache')] },
    { name: 'plain, in-process (--workers 0)', steps: [run('--no-cache', '--workers', '0')] },
    {
      name: 'plain, report object path (--pipeline)',
      steps: [run('--no-cache', '--pipeline', '{pipeline}')],
    },
    {
      name: 'first cached, then warm unchanged, then warm without summary, then warm again',
      steps: [run(...cache), run(...cache), { removeSummaries: true }, run(...cache), run(...cache)],
    },
    {
      name: 'warm with other settings (summary stale, records reused)',
      steps: [quiet(...cache), run(...cache, '--quality', 'dark=0.3')],
    },
    {
      name: 'warm, report object path (--pipeline)',
      steps: [quiet(...cache), run(...cache, '--pipeline', '{pipeline}')],
    },
    { name: 'sample without cache', steps: [run(...sample, '--no-cache')] },
    { name: 'sample reading a cache', steps: [quiet(...cache), run(...sample, ...cache)] },
    {
      name: 'sample written as a shard part, merged',
      steps: [quiet(...sample, '--no-cache', '--out', '{work}/s.dlp'), mergeStep(['{work}/s.dlp'])],
    },
    {
      name: 'three shards, merged',
      steps: [...shards, mergeStep([1, 2, 3].map((i) => `{work}/part${i}.dlp`))],
    },
    {
      name: 'three shards again (warm shard caches), merged',
      steps: [...shards, ...shards, mergeStep([1, 2, 3].map((i) => `{work}/part${i}.dlp`))],
    },
    {
      name: 'whole run as one part (--out without --shard), merged',
      steps: [quiet('--no-cache', '--out', '{work}/all.dlp'), mergeStep(['{work}/all.dlp'])],
    },
  ];
}

function mergeStep(parts: string[]): Step {
  return { args: ['merge', ...parts, '--json'], compare: true };
}

/** Runs a scenario with one CLI in fresh folders; returns the JSON of each compared step. */
function play(cli: string, scenario: Scenario): unknown[] {
  const work = mkdtempSync(path.join(tmpdir(), 'dataset-lens-compare-'));
  const cacheDir = path.join(work, 'cache');
  const pipeline = path.join(work, 'pipeline.json');
  writeFileSync(
    pipeline,
    JSON.stringify({ version: 1, seed: 1, transforms: [{ name: 'flipHorizontal', p: 0.5 }] }),
  );
  const outputs: unknown[] = [];
  try {
    for (const step of scenario.steps) {
      if ('removeSummaries' in step) {
        for (const name of readdirSync(cacheDir))
          if (name.endsWith('.summary.jsonl')) rmSync(path.join(cacheDir, name));
        continue;
      }
      const argv = step.args.map((a) =>
        a.replaceAll('{cache}', cacheDir).replaceAll('{work}', work).replaceAll('{pipeline}', pipeline),
      );
      const stdout = execFileSync(process.execPath, [cli, ...argv], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (step.compare) outputs.push(withoutTimings(JSON.parse(stdout)));
    }
    return outputs;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The report with every `durationMs` (the run's, the label-safety check's) left out. */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'durationMs')
      .map(([key, v]) => [key, withoutTimings(v)]),
  );
}

/** The first few paths where two JSON values differ. */
function differences(a: unknown, b: unknown, at = '$', out: string[] = []): string[] {
  if (out.length >= 5) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    out.push(`${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`);
  } else if (a && typeof a === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    for (const key of keys)
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}.${key}`,
        out,
      );
  } else if (a !== b) out.push(`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

const args = parseArgs(process.argv.slice(2));
let failed = 0;
let compared = 0;
for (const dir of args.datasets) {
  const chosen = scenarios(dir, args).filter(
    (s) => !args.only.length || args.only.some((o) => s.name.includes(o)),
  );
  for (const scenario of chosen) {
    const started = Date.now();
    const before = play(args.before, scenario);
    const after = play(args.after, scenario);
    const lines: string[] = [];
    before.forEach((report, k) => {
      compared++;
      const diff = differences(report, after[k]);
      if (JSON.stringify(report) !== JSON.stringify(after[k])) {
        failed++;
        lines.push(`  report ${k + 1} differs:`, ...diff.map((d) => `    ${d}`));
      }
    });
    const images = (before.at(-1) as { images?: number } | undefined)?.images;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${lines.length ? 'DIFF' : 'same'}  ${path.basename(dir)}: ${scenario.name} (${before.length} report(s), ${images} images, ${seconds} s)\n`,
    );
    for (const line of lines) process.stdout.write(line + '\n');
  }
}
process.stdout.write(`${compared - failed} of ${compared} reports identical (durationMs left out)\n`);
process.exit(failed ? 1 : 0);
