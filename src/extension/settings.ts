/**
 * The typed view of the `datasetLens.*` settings: defaults in one place (mirrored in package.json's
 * contributes.configuration; a unit test checks they agree), every value clamped, so a hand-edited settings.json
 * can never hand the engine an invalid option. Pure: config.ts feeds it from the VS Code configuration.
 */
import type { AnalyzeOptions } from '../core/engine/analyzeOptions';
import type { QualityThresholds } from '../core/quality/qualityOptions';
import type { ScanOptions } from '../core/scan/scanPlan';

interface NumberSetting {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
}

/** Setting name (below `datasetLens.`) -> spec. */
export const NUMBER_SETTINGS = {
  'quality.dark': { default: 0.32, min: 0, max: 1 },
  'quality.light': { default: 0.95, min: 0, max: 1 },
  'quality.blurry': { default: 0.2, min: 0, max: 100 },
  'quality.lowInformation': { default: 3, min: 0, max: 16 },
  'quality.oddAspectRatio': { default: 0.35, min: 0, max: 1 },
  'quality.oddSizeIqr': { default: 3, min: 0, max: 100 },
  'quality.nearDuplicateDistance': { default: 0, min: 0, max: 32, integer: true },
  'analysis.sampleSize': { default: 0, min: 0, max: 100_000_000, integer: true },
  'analysis.sampleSeed': { default: 0, min: 0, max: 0x7fffffff, integer: true },
  'analysis.workers': { default: 0, min: 0, max: 64, integer: true },
  'preview.perClass': { default: 1, min: 1, max: 16, integer: true },
  'preview.variants': { default: 3, min: 1, max: 8, integer: true },
  thumbnailSize: { default: 96, min: 32, max: 256, integer: true },
  'export.concurrency': { default: 4, min: 1, max: 64, integer: true },
} as const satisfies Record<string, NumberSetting>;

export const BOOLEAN_SETTINGS = {
  'cache.enabled': { default: true },
  'scan.followExternalLinks': { default: false },
} as const;

/** Text settings; '' is unset. */
export const STRING_SETTINGS = {
  classNamesFile: { default: '' },
} as const;

export type NumberSettingName = keyof typeof NUMBER_SETTINGS;

export interface Settings {
  quality: Partial<QualityThresholds>;
  sampleSize: number;
  sampleSeed: number;
  workers: number;
  cacheEnabled: boolean;
  /** Follow symbolic links that lead outside the dataset folder (ScanOptions.followExternalLinks). */
  followExternalLinks: boolean;
  previewPerClass: number;
  previewVariants: number;
  thumbnailSize: number;
  exportConcurrency: number;
  /**
   * A file naming the classes of numbered sources (idx, Parquet without names, WebDataset class numbers), one name
   * a line; '' for none. config.ts makes a relative path absolute (against the dataset's workspace folder).
   */
  classNamesFile: string;
}

/** A number setting, falling back to the default for anything that is not a finite number, clamped to range. */
export function numberSetting(name: NumberSettingName, value: unknown): number {
  const spec: NumberSetting = NUMBER_SETTINGS[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return spec.default;
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return spec.integer ? Math.round(clamped) : clamped;
}

export function readSettings(get: (name: string) => unknown): Settings {
  const n = (name: NumberSettingName) => numberSetting(name, get(name));
  const boolean = (name: keyof typeof BOOLEAN_SETTINGS) => {
    const value = get(name);
    return typeof value === 'boolean' ? value : BOOLEAN_SETTINGS[name].default;
  };
  return {
    quality: {
      dark: n('quality.dark'),
      light: n('quality.light'),
      blurry: n('quality.blurry'),
      lowInformation: n('quality.lowInformation'),
      oddAspectRatio: n('quality.oddAspectRatio'),
      oddSizeIqr: n('quality.oddSizeIqr'),
      nearDuplicateDistance: n('quality.nearDuplicateDistance'),
    },
    sampleSize: n('analysis.sampleSize'),
    sampleSeed: n('analysis.sampleSeed'),
    workers: n('analysis.workers'),
    cacheEnabled: boolean('cache.enabled'),
    followExternalLinks: boolean('scan.followExternalLinks'),
    previewPerClass: n('preview.perClass'),
    previewVariants: n('preview.variants'),
    thumbnailSize: n('thumbnailSize'),
    exportConcurrency: n('export.concurrency'),
    classNamesFile: typeof get('classNamesFile') === 'string' ? (get('classNamesFile') as string).trim() : '',
  };
}

/** The options every job that lists the dataset takes from the settings (scan rules, class names). */
export function sourceOptions(settings: Settings): Pick<ScanOptions, 'followExternalLinks' | 'classNames'> {
  return {
    ...(settings.followExternalLinks ? { followExternalLinks: true } : {}),
    // Set once for every dataset opened: it names numbered classes and is left aside where classes have names.
    ...(settings.classNamesFile
      ? { classNames: { file: settings.classNamesFile, whereNumbered: true } }
      : {}),
  };
}

/** Engine options for one analysis. */
export function analyzeOptions(settings: Settings, cacheDir: string): AnalyzeOptions {
  return {
    quality: settings.quality,
    ...(settings.sampleSize > 0 ? { sample: settings.sampleSize, seed: settings.sampleSeed } : {}),
    ...(settings.workers > 0 ? { workers: settings.workers } : {}),
    ...(settings.cacheEnabled ? { cacheDir } : {}),
    ...sourceOptions(settings),
  };
}
