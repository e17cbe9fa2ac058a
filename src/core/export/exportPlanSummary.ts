import type { ScanOptions } from '../scan/scanPlan';
import { UsageError } from '../util/errors';
import { planOutputs, type ClassPlan, type PlanOptions } from './exportPlan';
import { listDataset } from './listDataset';

/**
 * What an export of `root` would write per class (per split), without writing anything: the same listing and
 * plan the export makes, so the panel can show balancing before it runs and the figures are the run's own.
 */
export async function planExportClasses(
  root: string,
  options: Omit<PlanOptions, 'format'> &
    Pick<ScanOptions, 'labelsCsv' | 'classNames' | 'followExternalLinks'> & { signal?: AbortSignal },
): Promise<ClassPlan[]> {
  const { entries } = await listDataset(root, options);
  if (entries.length === 0) throw new UsageError(`No images found in ${root}`);
  return planOutputs(entries, options).classes;
}
