import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { outputTree } from './helpers/outputTree';
import { sbatch, slurmUnavailable, startSlurm, waitForJob, type SlurmCluster } from './helpers/slurmCluster';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const sample = path.join(repo, 'media', 'sample');
const pipelineFile = path.join(repo, 'examples', 'augment.pipeline.json');
const node = process.execPath;

const unavailable = slurmUnavailable();
const tmp = tempDir('dataset-lens-slurm-');
let cluster: SlurmCluster | undefined;

before(async () => {
  if (unavailable) return;
  cluster = await startSlurm(path.join(tmp.dir, 'slurm'));
});
after(() => {
  cluster?.stop();
  tmp.cleanup();
});

function cliRun(...args: string[]) {
  return spawnSync(node, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test(
  'Slurm: an sbatch --array of analyze shards and a dependent merge give the single-run report',
  { skip: unavailable && `skipped: ${unavailable}` },
  async (t) => {
    const work = path.join(tmp.dir, 'analyze');
    const job = path.join(tmp.dir, 'analyze.sbatch');
    writeFileSync(
      job,
      `#!/bin/sh\nexec "${node}" "${cli}" analyze "${sample}" --shard auto --out "${work}/part-$SLURM_ARRAY_TASK_ID.dlp" --no-cache --workers 1\n`,
    );
    const started = performance.now();
    const array = sbatch(cluster!, tmp.dir, ['--array=0-3', `--output=${tmp.dir}/analyze-%a.log`, job]);
    const merge = sbatch(cluster!, tmp.dir, [
      `--dependency=afterok:${array}`,
      `--output=${tmp.dir}/merge.log`,
      '--wrap',
      `"${node}" "${cli}" merge "${work}"/part-*.dlp --json > "${work}/merged.json"`,
    ]);
    assert.deepEqual(await waitForJob(cluster!, array, 300_000), Array(4).fill('COMPLETED'));
    assert.deepEqual(
      await waitForJob(cluster!, merge, 120_000),
      ['COMPLETED'],
      readFileSync(`${tmp.dir}/merge.log`, 'utf8'),
    );
    t.diagnostic(`4 analyze shards + merge on Slurm: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const merged = JSON.parse(readFileSync(path.join(work, 'merged.json'), 'utf8'));
    const singleStarted = performance.now();
    const single = JSON.parse(cliRun('analyze', sample, '--json', '--no-cache', '--workers', '1').stdout);
    t.diagnostic(`single run: ${((performance.now() - singleStarted) / 1000).toFixed(1)} s`);
    assert.deepEqual({ ...merged, durationMs: 0 }, { ...single, durationMs: 0 });
  },
);

test(
  'Slurm: an sbatch --array of augment shards and a dependent augment-merge give the single-run export',
  { skip: unavailable && `skipped: ${unavailable}` },
  async (t) => {
    const src = path.join(tmp.dir, 'src');
    const rng = createRng(8);
    for (const [label, n] of [
      ['cat', 6],
      ['dog', 3],
    ] as const)
      for (let k = 0; k < n; k++)
        await writePng(path.join(src, label, `${label}${k}.png`), randomImage(rng, 12, 10, 3));
    const out = path.join(tmp.dir, 'augmented');
    const augment = `"${node}" "${cli}" augment "${src}" --pipeline "${pipelineFile}" --copies 2 --balance --workers 0`;
    const started = performance.now();
    const array = sbatch(cluster!, tmp.dir, [
      '--array=1-3',
      `--output=${tmp.dir}/augment-%a.log`,
      '--wrap',
      `${augment} --out "${out}" --shard auto`,
    ]);
    const merge = sbatch(cluster!, tmp.dir, [
      `--dependency=afterok:${array}`,
      `--output=${tmp.dir}/augment-merge.log`,
      '--wrap',
      `"${node}" "${cli}" augment-merge "${out}"`,
    ]);
    assert.deepEqual(await waitForJob(cluster!, array, 300_000), Array(3).fill('COMPLETED'));
    assert.deepEqual(
      await waitForJob(cluster!, merge, 120_000),
      ['COMPLETED'],
      readFileSync(`${tmp.dir}/augment-merge.log`, 'utf8'),
    );
    t.diagnostic(`3 augment shards + merge on Slurm: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const single = path.join(tmp.dir, 'single');
    const result = spawnSync('sh', ['-c', `${augment} --out "${single}"`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const a = outputTree(single);
    const b = outputTree(out);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file)!), file);
    assert.ok(a.size > 9 * 2, `outputs and manifest: ${a.size}`);
  },
);
