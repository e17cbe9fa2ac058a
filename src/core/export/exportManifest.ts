import * as path from 'node:path';
import type { Layout } from '../scan/scanPlan';
import { writeFileAtomicSync } from '../util/writeAtomic';
import type { ClassPlan } from './exportPlan';
import type { OutputRecord } from './exportState';

export const MANIFEST_FILE = 'augment-manifest.json';

/** augment-manifest.json: the settings, the plan, and every output with its sampled parameters. */
export interface Manifest extends Record<string, unknown> {
  layout: Layout;
  classes: ClassPlan[];
  outputs: OutputRecord[];
  failures: { file: string; message: string }[];
}

/** Writes the manifest, and for CSV-labelled sources a labels.csv of the outputs; returns the manifest's path. */
export function writeManifest(outRoot: string, manifest: Manifest): string {
  const file = path.join(outRoot, MANIFEST_FILE);
  writeFileAtomicSync(file, JSON.stringify(manifest, null, 1) + '\n');
  if (manifest.layout === 'csv') writeLabelsCsv(outRoot, manifest.outputs);
  return file;
}

/** For CSV-labelled sources the outputs get a labels.csv of their own (file,label[,split]). */
function writeLabelsCsv(outRoot: string, records: readonly OutputRecord[]): void {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = records.map((r) =>
    [r.file, r.class ?? '', ...(r.split ? [r.split] : [])].map(quote).join(','),
  );
  writeFileAtomicSync(path.join(outRoot, 'labels.csv'), ['file,label,split', ...rows].join('\n') + '\n');
}
