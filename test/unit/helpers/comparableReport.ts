import type { DatasetReport, FileIssue } from '../../../src/core/engine/report';

/**
 * What must equal to the last bit between a container and the same images written as a folder: everything but
 * file names (mapped by `rename` from the container's `container#member` to the folder's), formats and file sizes.
 */
export function comparable(report: DatasetReport, rename: (file: string) => string = (f) => f) {
  const byFile = (list: FileIssue[]) =>
    list
      .map((i) => ({ ...i, file: rename(i.file), message: renameIn(i.message) }))
      .sort((a, b) => (a.kind + a.file < b.kind + b.file ? -1 : 1));
  // Issue messages name the other files of a group, in name order: renamed, then put back in order.
  const renameIn = (message: string) => {
    const members = [...message.matchAll(/[^\s,()]+#[^\s,()]+/g)];
    if (!members.length) return message;
    const first = members[0].index;
    const last = members[members.length - 1];
    const names = members.map((m) => rename(m[0])).sort();
    return message.slice(0, first) + names.join(', ') + message.slice(last.index + last[0].length);
  };
  const groups = (list: { files: string[] }[]) =>
    list
      .map((g) => ({ ...g, files: g.files.map(rename).sort() }))
      .sort((a, b) => (a.files[0] < b.files[0] ? -1 : 1));
  const properties: Partial<DatasetReport['properties']> = { ...report.properties };
  delete properties.formats;
  delete properties.fileSize;
  return {
    files: report.files,
    images: report.images,
    classes: report.classes,
    splits: report.splits,
    imbalance: report.imbalance,
    stats: report.stats,
    statsByClass: report.statsByClass,
    statsBySplit: report.statsBySplit,
    properties,
    issues: byFile(report.issues),
    counts: report.quality.counts,
    exact: groups(report.quality.duplicates.exact),
    near: groups(report.quality.duplicates.near),
    leakage: groups(report.quality.leakage),
  };
}
