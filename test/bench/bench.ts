/**
 * `npm run bench`: the analysis bench, then the augmentation bench, each writing its section of BENCHMARKS.md.
 * Takes the analysis bench's options (see analyzeBench.ts); --reps applies to both.
 */
import { parseAnalysisArgs, runAnalysisBench } from './analyzeBench';
import { parseAugmentArgs, runAugmentBench } from './augmentBench';
import { runBench } from './paths';

runBench(async () => {
  const analysis = parseAnalysisArgs(process.argv.slice(2));
  await runAnalysisBench(analysis);
  await runAugmentBench(parseAugmentArgs(['--reps', String(analysis.reps)]));
});
