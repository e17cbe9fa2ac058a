import { invalidOption } from '../util/errors';

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
