/** The kinds of quality finding, in the order reports list them. */
export type QualityKind =
  | 'dark'
  | 'light'
  | 'odd_aspect_ratio'
  | 'odd_size'
  | 'low_information'
  | 'blurry'
  | 'grayscale'
  | 'leakage'
  | 'exact_duplicate'
  | 'near_duplicate';

export const QUALITY_KINDS: QualityKind[] = [
  'dark',
  'light',
  'odd_aspect_ratio',
  'odd_size',
  'low_information',
  'blurry',
  'grayscale',
  'leakage',
  'exact_duplicate',
  'near_duplicate',
];
