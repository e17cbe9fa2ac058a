import { invalidOption, UsageError } from '../util/errors';

/** Shard i of n (0-based index), as given on the command line as "i/n" (1-based). */
export interface ShardSpec {
  index: number;
  count: number;
}

export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const i = match ? Number(match[1]) : NaN;
  const n = match ? Number(match[2]) : NaN;
  if (!match || n < 1 || i < 1 || i > n)
    throw invalidOption('--shard', '"i/n" with 1 <= i <= n (e.g. 2/4)', text);
  return { index: i - 1, count: n };
}

/** Stable owner of a file among n shards: FNV-1a of its relative path, so every machine agrees. */
export function shardOf(file: string, count: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < file.length; k++) {
    h ^= file.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

type Env = Record<string, string | undefined>;

/**
 * The shard to run: "i/n" as given, or "auto" from the scheduler's environment: a Slurm array task
 * (`SLURM_ARRAY_TASK_ID` less `SLURM_ARRAY_TASK_MIN`, divided by `SLURM_ARRAY_TASK_STEP`, of
 * `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` of `count`, its completions:
 * Kubernetes does not put the count in the environment).
 */
export function resolveShard(text: string, count: number | undefined, env: Env = process.env): ShardSpec {
  if (text !== 'auto') {
    if (count !== undefined) throw new UsageError('--shard-count goes with --shard auto, not --shard i/n');
    return parseShard(text);
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) return slurmShard(env, count);
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (count === undefined)
      throw new UsageError('--shard auto in a Kubernetes Indexed Job needs --shard-count <completions>');
    const index = integerVar(env, 'JOB_COMPLETION_INDEX');
    if (index >= count)
      throw new UsageError(`JOB_COMPLETION_INDEX ${index} is not below --shard-count ${count}`);
    return { index, count };
  }
  throw new UsageError(
    '--shard auto needs SLURM_ARRAY_TASK_ID (an sbatch --array task) or JOB_COMPLETION_INDEX (a Kubernetes ' +
      'Indexed Job) in the environment; elsewhere give --shard i/n',
  );
}

function slurmShard(env: Env, count: number | undefined): ShardSpec {
  const id = integerVar(env, 'SLURM_ARRAY_TASK_ID');
  if (env.SLURM_ARRAY_TASK_COUNT === undefined)
    throw new UsageError(
      'SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: is this an array task?',
    );
  const total = integerVar(env, 'SLURM_ARRAY_TASK_COUNT');
  const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : integerVar(env, 'SLURM_ARRAY_TASK_MIN');
  const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : integerVar(env, 'SLURM_ARRAY_TASK_STEP');
  if (count !== undefined && count !== total)
    throw new UsageError(`--shard-count ${count} differs from SLURM_ARRAY_TASK_COUNT ${total}`);
  const offset = id - min;
  const index = offset / Math.max(step, 1);
  if (total < 1 || offset < 0 || !Number.isInteger(index) || index >= total)
    throw new UsageError(
      `SLURM_ARRAY_TASK_ID ${id} is not one of ${total} evenly spaced ids from ${min} (step ${step}): ` +
        'give the array as a range, e.g. --array=0-3',
    );
  return { index, count: total };
}

function integerVar(env: Env, name: string): number {
  const text = env[name] ?? '';
  if (!/^\d+$/.test(text))
    throw new UsageError(`${name} should be a whole number but is ${JSON.stringify(text)}`);
  return Number(text);
}
