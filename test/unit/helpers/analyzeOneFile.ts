/**
 * Analyses one path as a scan entry of the given size, in a process of its own, and prints the result with the
 * process's peak memory: a test runs it with a timeout, so a read that blocks or grows without end fails the test
 * instead of hanging or exhausting the test runner. Usage: analyzeOneFile.ts PATH SIZE [MAX_PIXELS]
 */
import { analyzeFile } from '../../../src/core/engine/analyzeFile';

const [file, size, maxPixels] = process.argv.slice(2);
void analyzeFile(
  { file: 'probe', open: file, size: Number(size) },
  { maxPixels: maxPixels ? Number(maxPixels) : undefined },
).then((result) => {
  process.stdout.write(JSON.stringify({ result, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
});
