/**
 * Run in a fresh process (heapTuning.test.ts): optionally keeps the young generation small, starts the stat
 * thread, then allocates objects that survive a scavenge or two, and prints the young generation's size.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { keepYoungGenerationSmall } from '../../../src/core/engine/heapTuning';
import { StatThread } from '../../../src/core/scan/statThread';

async function main(): Promise<void> {
  if (process.argv[2] === 'small') keepYoungGenerationSmall();
  const thread = new StatThread();
  await thread.stat([__filename]);
  let kept: { index: number; name: string }[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    kept.push({ index: i, name: `file${i}` });
    if (kept.length > 200_000) kept = [];
  }
  await thread.close();
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  console.log(JSON.stringify({ youngKb: Math.round((young?.space_size ?? 0) / 1024), kept: kept.length }));
}

void main();
