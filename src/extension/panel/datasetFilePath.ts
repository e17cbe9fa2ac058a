import { promises as fsp } from 'node:fs';
import type { DatasetReport } from '../../core/engine/report';
import { isContainerLayout } from '../../core/source/container';
import { isWithin } from '../../core/util/pathContainment';
import { resolveInsideRoot } from '../../protocol/validateWebviewMessage';

export interface DatasetFileRules {
  /** The setting: links leading outside the dataset folder are followed (by the scan, so here too). */
  followExternalLinks: boolean;
  /** Whether the report shown names `file` (the webview may only ask for files the report lists). */
  listed(file: string): boolean;
}

/**
 * The real path of a dataset-relative path from the webview, to open or read: lexically inside the root, and,
 * links followed, still inside the real root. A file whose real path leaves the dataset is refused, unless the
 * scan follows such links (the setting) and the report lists it. The real path is returned, so what is read is
 * what was checked, not a name a link could redirect afterwards.
 */
export async function datasetFilePath(root: string, file: string, rules: DatasetFileRules): Promise<string> {
  const absolute = resolveInsideRoot(root, file);
  if (!absolute) throw new Error(`Refused: ${JSON.stringify(file)} is not inside the dataset`);
  const [realRoot, realFile] = await Promise.all([
    fsp.realpath(root),
    fsp.realpath(absolute).catch(() => undefined),
  ]);
  if (!realFile) throw new Error(`Not found: ${file}`);
  if (!isWithin(realRoot, realFile) && !(rules.followExternalLinks && rules.listed(file)))
    throw new Error(`Refused: ${JSON.stringify(file)} leads outside the dataset`);
  return realFile;
}

/**
 * Whether `report` names `file` among its issues, duplicate groups, label issues or outliers (what the panel may
 * show of it).
 */
export function reportLists(report: DatasetReport, file: string): boolean {
  const outliers = report.content?.outliers;
  return (
    report.issues.some((i) => i.file === file) ||
    report.quality.duplicates.exact.some((g) => g.files.includes(file)) ||
    report.quality.duplicates.near.some((g) => g.files.includes(file)) ||
    (report.labelIssues ?? []).some((i) => i.file === file) ||
    (outliers?.overall ?? []).some((e) => e.file === file) ||
    (outliers?.byClass ?? []).some((c) => c.images.some((e) => e.file === file))
  );
}

/**
 * Whether `file` is a member (`container#member`) of the container source `report` describes, and listed by it:
 * the member is then read from the analysed source itself, never from a path the webview gives.
 */
export function listedMember(report: DatasetReport, file: string): boolean {
  return isContainerLayout(report.layout) && file.includes('#') && reportLists(report, file);
}
