import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetReport } from '../../src/core/engine/report';
import { BenchUsageError, runBench, snapshotBuild } from './paths';
import { labelIssuesPeer, PYTHON } from './peers/peers';

/**
 * Label errors found by `analyze --content` against peer_label_issues.py (confident learning on a pixel
 * logistic regression, scikit-learn), on sets with known injected label noise: `npm run bench:labels -- [--data
 * DIR] [--cache]`. DIR (default /work/data) holds noisy_labels/{digits,fashion} and noisy_labels/truth.json
 * (`{<set>: {flipped: [{file, true, given}]}}`, see /work/data/README.md). Prints precision, recall and F1 of
 * both in one run, and how often our suggested class is the true one. Without --cache the analysis embeds every
 * image again (--no-cache), so its time is the whole cost.
 */
const SETS = ['digits', 'fashion'];

interface Score {
  flagged: number;
  found: number;
  precision: number;
  recall: number;
  f1: number;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function score(flagged: string[], truth: Set<string>): Score {
  const found = flagged.filter((file) => truth.has(file)).length;
  const precision = flagged.length ? found / flagged.length : 0;
  const recall = truth.size ? found / truth.size : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { flagged: flagged.length, found, precision, recall, f1 };
}

function run(command: string, args: string[]): { stdout: string; seconds: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0)
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`,
    );
  return { stdout: result.stdout, seconds };
}

const fmt = (s: Score) =>
  `${s.flagged} flagged, ${s.found} right, P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`;

runBench(async () => {
  const data = path.join(option('--data') ?? '/work/data', 'noisy_labels');
  const truthFile = path.join(data, 'truth.json');
  if (!existsSync(truthFile)) throw new BenchUsageError(`${truthFile} not found: pass --data DIR`);
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<
    string,
    { flipped: { file: string; true: string; given: string }[] }
  >;
  const peer = labelIssuesPeer();
  if (peer.problem) throw new BenchUsageError(`peer: ${peer.problem}`);
  const { cliPath, commit } = snapshotBuild();
  const cache = process.argv.includes('--cache') ? [] : ['--no-cache'];
  console.log(`label issues, commit ${commit}, ${new Date().toISOString()}`);
  for (const set of SETS) {
    const dir = path.join(data, set);
    const flipped = truth[set]?.flipped ?? [];
    if (!existsSync(dir) || flipped.length === 0) {
      console.log(`${set}: skipped (${dir} or its truth missing)`);
      continue;
    }
    const wrong = new Set(flipped.map((f) => f.file));
    const trueClass = new Map(flipped.map((f) => [f.file, f.true]));
    const ours = run(process.execPath, [cliPath, 'analyze', dir, '--content', '--json', ...cache]);
    const report = JSON.parse(ours.stdout) as DatasetReport;
    const issues = report.labelIssues ?? [];
    const oursScore = score(
      issues.map((i) => i.file),
      wrong,
    );
    const suggestedRight = issues.filter((i) => trueClass.get(i.file) === i.suggested).length;
    const theirs = run(PYTHON, [peer.script, dir]);
    const peerScore = score((JSON.parse(theirs.stdout) as { flagged: string[] }).flagged, wrong);
    const check = report.content?.labelIssues;
    console.log(`${set}: ${report.images} images, ${wrong.size} labels flipped`);
    console.log(
      `  dataset-lens: ${fmt(oursScore)}; suggested class right for ${suggestedRight} of ${oursScore.found}; ` +
        `out-of-fold accuracy ${check?.accuracy ?? '-'}; ${ours.seconds.toFixed(1)} s (${cache.length ? 'embedding included' : 'per-image records from the cache'})`,
    );
    console.log(`  peer (pixels, sklearn logreg): ${fmt(peerScore)}; ${theirs.seconds.toFixed(1)} s`);
  }
});
