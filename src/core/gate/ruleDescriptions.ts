import type { IssueKind } from '../engine/report';

/** One line per rule, for SARIF rule metadata and the HTML report (the long form is docs/quality-checks.md). */
export const RULE_DESCRIPTIONS: Record<IssueKind | 'imbalance', string> = {
  corrupt: 'The file cannot be decoded as the image it claims to be.',
  unreadable: 'The file cannot be read (permissions, not a regular file).',
  unsupported: 'The file is not an image format Dataset Lens can measure exactly.',
  too_large: 'The image is larger than the pixel limit and was not decoded.',
  missing: 'The labels file lists a file that is not there.',
  unlistable: 'A folder of the dataset cannot be listed.',
  unusable_label: 'The labels file gives this file conflicting or empty labels.',
  dark: 'The image is dark (99th brightness percentile below the threshold).',
  light: 'The image is washed out (5th brightness percentile above the threshold).',
  odd_aspect_ratio: 'The image is much wider than high or the reverse.',
  odd_size: 'The image size is far outside the dataset interquartile range.',
  low_information: 'The image has low entropy (little content).',
  blurry: 'The image has few sharp edges.',
  grayscale: 'The image is stored in colour but holds only grey.',
  exact_duplicate: 'The same pixels are stored in more than one file.',
  near_duplicate: 'Near-identical pictures (perceptual hash) in more than one file.',
  leakage: 'The same picture in two splits (e.g. train and test) or under two labels.',
  imbalance: 'The largest class is more than the allowed ratio larger than the smallest.',
};
