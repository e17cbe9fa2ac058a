import { existsSync, readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { writeFileAtomicAsync } from '../../../src/core/util/writeAtomic';
import { benchmarksFile } from '../paths';
import { updateBenchSection, type BenchSection } from './benchSection';

/**
 * Writes one benchmark's results into BENCHMARKS.md (see BenchSection): this run replaces the previous run's
 * results, its history rows are appended, the rest of the file is kept. The file is laid out by prettier, as
 * `npm run format:check` expects, and replaced atomically.
 *
 * @example
 * await writeBenchSection({ id: 'probe', title: 'Label-safety probe', latest: table,
 *   history: [{ table: 'digits', header: ['date', 'commit', 'wall s'], row: [date, commit, '7.1'] }] });
 */
export async function writeBenchSection(section: BenchSection, file = benchmarksFile): Promise<void> {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const updated = updateBenchSection(before, section);
  const options = (await prettier.resolveConfig(file)) ?? {};
  const formatted = await prettier.format(updated, { ...options, filepath: file });
  await writeFileAtomicAsync(file, formatted);
}
