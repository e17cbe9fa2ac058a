import { InvalidArgumentError } from 'commander';

/** Parser for an integer flag, with a message naming the flag and the value received. */
export function integerOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      throw new InvalidArgumentError(`Expected an integer ${range} for ${name} but received "${value}"`);
    }
    return n;
  };
}

/** The flag every command that reads a dataset folder takes (see ScanOptions.followExternalLinks). */
/** The dataset argument: wherever a folder is read, a container (or a folder or pattern of them) is too. */
export const SOURCE = '<source>';
export function sourceHelp(extra = ''): string {
  return `dataset folder, or containers: MNIST idx file, Hugging Face .parquet file or repository folder, WebDataset .tar shard or 'shard-{000..009}.tar'${extra}`;
}

export const CLASS_NAMES = [
  '--class-names <file>',
  "names of a numbered source's classes (idx, unnamed Parquet, WebDataset .cls numbers), one a line (default: classes.txt beside it)",
] as const;

export const FOLLOW_EXTERNAL_LINKS = [
  '--follow-external-links',
  'follow symbolic links that lead outside the dataset folder (default: counted, not followed)',
] as const;

/** --shard of analyze and augment: "i/n", or "auto" from a Slurm array task or a Kubernetes Indexed Job. */
export const SHARD_OPTION = [
  '--shard <i/n|auto>',
  'run only shard i of n (1-based); auto: from SLURM_ARRAY_TASK_ID/_COUNT/_MIN or JOB_COMPLETION_INDEX',
] as const;

export const SHARD_COUNT_OPTION = [
  '--shard-count <n>',
  'with --shard auto in a Kubernetes Indexed Job: the number of shards (its completions)',
  integerOption('--shard-count', 1),
] as const;
