import type { DatasetReport, IssueKind } from './report';

/**
 * What the panel calls each finding and counter: the one table of human labels (report fields keep their JSON
 * names; people read these). A kind missing here fails to compile.
 */
export const ISSUE_KIND_LABELS: Record<IssueKind, string> = {
  corrupt: 'Corrupt file',
  unreadable: 'Unreadable file',
  unsupported: 'Unsupported format',
  too_large: 'Too large to decode',
  missing: 'Missing file',
  unlistable: 'Folder not listable',
  unusable_label: 'Unusable label',
  leakage: 'Leakage',
  dark: 'Dark',
  light: 'Washed out',
  odd_aspect_ratio: 'Odd aspect ratio',
  odd_size: 'Odd size',
  low_information: 'Low information',
  blurry: 'Blurry',
  grayscale: 'Grey stored as colour',
  exact_duplicate: 'Exact duplicate',
  near_duplicate: 'Near duplicate',
};

/** The scan's skipped-file counters (`report.skipped`). */
export const SKIPPED_LABELS: Record<keyof DatasetReport['skipped'], string> = {
  hidden: 'Hidden files',
  nonImage: 'Not images',
  symlinkLoops: 'Links to folders listed already',
  outsideRoot: 'Links leading outside the dataset',
  ignoredLoose: 'Loose files beside class folders',
  excluded: 'Excluded by .datasetlensignore',
  unlabelled: 'Without a label',
};

/** A kind's label; a kind this version does not know (a newer report) is shown as words, never as a field name. */
export function issueKindLabel(kind: string): string {
  const known = (ISSUE_KIND_LABELS as Record<string, string>)[kind];
  if (known) return known;
  const words = kind
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
