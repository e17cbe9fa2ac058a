import { imbalanceOf, type ImbalanceOptions } from '../classes/imbalance';
import { ContentCollector, type ContentReport } from '../content/contentCollector';
import type { MapInput } from '../content/contentMap';
import type { LabelIssue } from '../content/labelIssues';
import { splitMismatch } from '../classes/splitMismatch';
import { PropertiesAccumulator } from '../properties/properties';
import { QualityCollector } from '../quality/qualityCollector';
import type { QualityThresholds } from '../quality/qualityOptions';
import type { FileEntry, ScanPlan } from '../scan/scanPlan';
import { excludedWarning } from '../scan/scanDataset';
import type { WalkCounters } from '../scan/walk';
import { SampleConfidenceCollector } from '../stats/sampleConfidence';
import { GroupedStats } from '../stats/groupedStats';
import type { GroupStats, StatsAccumulator } from '../stats/statsAccumulator';
import { compareNames } from '../util/names';
import type { FileResult } from '../records/fileResult';
import {
  REPORT_SCHEMA_VERSION,
  type DatasetReport,
  type FileIssue,
  type PartialMark,
  type SplitEntry,
} from './report';
import { issueKindLabel } from './reportLabels';
import { TOOL_VERSION } from './version';

/** What the builder needs of a scan plan (a merge of shard parts rebuilds just this). */
export type PlanSummary = Pick<
  ScanPlan,
  'root' | 'layout' | 'classFolders' | 'unfollowedClassLinks' | 'warnings' | 'numberedClasses'
>;

/** Bytes of the quality checks' thumbnails kept in memory in a run with `--content` (see the constructor). */
const CONTENT_RUN_THUMBNAIL_MEMORY = 1 << 20;

/** Run-level facts given to finish(). */
export interface FinishExtra {
  sample: DatasetReport['sample'];
  /** CSV rows whose file was not found. */
  missing: string[];
  warnings: string[];
  /** When the run started (Date.now()): durationMs counts up to the end of finish(), its checks included. */
  started: number;
}

/** Folds scanned entries and per-file results into a DatasetReport; order of arrival does not matter. */
export class ReportBuilder {
  private files = 0;
  private unlabelled = 0;
  /** Images of each split without a class (loose in the split's folder, or no label in the CSV). */
  private readonly unlabelledBySplit = new Map<string, number>();
  /** Of the unlabelled: files the labels file lists with rows that cannot be used (FileEntry.labelIssue). */
  private unusableLabels = 0;
  /** split ('' when none) -> class -> file count */
  private readonly counts = new Map<string, Map<string, number>>();
  /** Pixel statistics of the whole set, per class and per split. */
  private readonly stats = new GroupedStats();
  private readonly properties = new PropertiesAccumulator();
  private readonly quality: QualityCollector;
  private readonly issues: FileIssue[] = [];
  /** Per-image sums for confidence intervals: kept only when the run is a sample. */
  private readonly confidence: SampleConfidenceCollector | undefined;
  /** Content vectors (`analyze --content`): present when `contentModel` is given. */
  private readonly content: ContentCollector | undefined;
  /** What the content map of the last whole report is drawn from (see mapInput()). */
  private lastMapInput: MapInput | null = null;
  /** Images that decoded but have no content vector of the model (another model's, or none). */
  private notEmbedded = 0;

  /** `contentModel`: the content model's id, for a run with `--content`. */
  constructor(
    private readonly plan: PlanSummary,
    thresholds: QualityThresholds,
    private readonly options: ImbalanceOptions = {},
    sampling = false,
    contentModel?: string,
  ) {
    this.confidence = sampling ? new SampleConfidenceCollector() : undefined;
    this.content = contentModel ? new ContentCollector(contentModel) : undefined;
    // With --content, near duplicates come from the content vectors: the 16x16 thumbnails are read back only by
    // a partial report's perceptual-hash search, so they wait on disk past their first megabyte.
    this.quality = new QualityCollector(thresholds, contentModel ? CONTENT_RUN_THUMBNAIL_MEMORY : undefined);
    for (const [split, classes] of plan.classFolders) {
      const perClass = this.countsOf(split);
      for (const name of classes) if (!perClass.has(name)) perClass.set(name, 0);
    }
  }

  /** Frees what the builder holds outside memory; call when its last report has been made. */
  close(): void {
    this.quality.close();
  }

  /**
   * What the content map of the last whole report (finish()) is drawn from, once: projectMap makes it, apart
   * from finish() because it is long and yields (progress, cancel). Null without `--content` or images.
   */
  takeMapInput(): MapInput | null {
    const input = this.lastMapInput;
    this.lastMapInput = null;
    return input;
  }

  /** Every scanned candidate, sampled or not: class counts always describe the whole dataset. */
  addEntry(entry: FileEntry): void {
    this.files++;
    // An unstat'ed entry (size -1) is sized by its result instead (see addResult).
    if (entry.size >= 0) this.properties.addFile(entry.size);
    if (entry.label === undefined) {
      this.unlabelled++;
      if (entry.labelIssue !== undefined) {
        this.unusableLabels++;
        this.issues.push({
          file: entry.file,
          kind: 'unusable_label',
          message: entry.labelIssue,
          severity: 1,
          ...placeOf(entry),
        });
      }
      if (entry.split !== undefined) {
        this.countsOf(entry.split);
        this.unlabelledBySplit.set(entry.split, (this.unlabelledBySplit.get(entry.split) ?? 0) + 1);
      }
      return;
    }
    const perClass = this.countsOf(entry.split ?? '');
    perClass.set(entry.label, (perClass.get(entry.label) ?? 0) + 1);
  }

  /**
   * `where`: the file's entry (results carry only the file name). A result's `bytes` sizes an entry the scan did not
   * stat; a result read back from the cache may carry them too, from the run that stat'ed through its workers.
   */
  addResult(result: FileResult, where: Pick<FileEntry, 'label' | 'split' | 'size'>): void {
    if (where.size < 0 && result.bytes !== undefined) this.properties.addFile(result.bytes);
    if (!result.ok) {
      this.issues.push({
        file: result.file,
        kind: result.kind,
        message: result.message,
        severity: 1,
        ...placeOf(where),
      });
      return;
    }
    this.properties.addImage(result.format, result.mode, result.width, result.height);
    const image = this.quality.add(result.file, where, result.width, result.height, result);
    if (this.content) {
      if (result.content?.model === this.content.model)
        this.content.add(
          image,
          where.label,
          where.split,
          Math.min(result.width, result.height),
          result.content,
        );
      else this.notEmbedded++;
    }
    this.stats.add(result.histogram, result.hadAlpha, where.label, where.split);
    this.confidence?.add(result.histogram);
  }

  /**
   * The report of what has been added so far, marked `partial` with how far the run had got. Like finish(), it
   * changes nothing: the run goes on, and finish() later gives the same report as without snapshots.
   */
  snapshot(counters: WalkCounters, extra: FinishExtra, partial: PartialMark): DatasetReport {
    // While the folder is still being listed, classes not reached yet look empty: no warnings from class counts.
    return { ...this.finish(counters, extra, !partial.scanning, false), partial: { ...partial } };
  }

  /**
   * The report. Leaves the builder unchanged: calling it again (or after snapshot()) gives the same report.
   * `final`: false for a snapshot, which leaves out the content search (every pair of images: once, at the end).
   */
  finish(counters: WalkCounters, extra: FinishExtra, listed = true, final = true): DatasetReport {
    const classNames = this.classNames();
    const totals = new Map<string, number>();
    for (const perClass of this.counts.values())
      for (const [name, n] of perClass) totals.set(name, (totals.get(name) ?? 0) + n);
    const classes = classNames.map((name, index) => ({ name, index, count: totals.get(name) ?? 0 }));
    const splitNames = [...this.counts.keys()].filter((s) => s !== '').sort();
    const splits = splitNames.map((name): SplitEntry => {
      const perClass = this.counts.get(name)!;
      const unlabelled = this.unlabelledBySplit.get(name) ?? 0;
      return {
        name,
        files: [...perClass.values()].reduce((a, b) => a + b, 0) + unlabelled,
        ...(unlabelled > 0 && { unlabelled }),
        classes: classNames.map((c) => ({ name: c, count: perClass.get(c) ?? 0 })),
      };
    });

    const trainSplit = splitNames.find((s) => /^(train|training)$/i.test(s));
    const basisCounts = trainSplit ? splits.find((s) => s.name === trainSplit)!.classes : classes;
    const imbalance = classes.length > 0 ? imbalanceOf(basisCounts, trainSplit ?? 'all', this.options) : null;
    const mismatch = trainSplit
      ? splitMismatch(
          { name: trainSplit, counts: this.counts.get(trainSplit)! },
          splitNames
            .filter((s) => s !== trainSplit && this.hasLabelledImages(s))
            .map((s) => ({ name: s, counts: this.counts.get(s)! })),
          classNames,
        )
      : [];

    const groups = this.stats.groups();
    const channels: 1 | 3 = groups.all.hasColour ? 3 : 1;
    const overall = groups.all.images > 0 ? groups.all.finish(channels) : null;
    const confidence95 =
      overall && extra.sample && this.confidence
        ? this.confidence.finish(channels, extra.sample.population)
        : undefined;
    const stats = overall && {
      ...overall,
      channelPolicy: channelPolicyText(overall, channels),
      ...(confidence95 ? { confidence95 } : {}),
    };
    const finishGroups = (groups: Map<string, StatsAccumulator>) =>
      Object.fromEntries(
        [...groups.entries()]
          .sort(([a], [b]) => compareNames(a, b))
          .map(([k, acc]) => [k, acc.finish(channels)]),
      ) as Record<string, GroupStats>;

    // A local list: finish() leaves the builder as it was, so snapshots can be taken while the run goes on.
    const issues: FileIssue[] = [...this.issues];
    for (const file of extra.missing) {
      issues.push({
        file,
        kind: 'missing',
        message: 'listed in the labels file but not found under the dataset folder',
        severity: 1,
      });
    }
    for (const u of counters.unlistable)
      issues.push({ file: u.file, kind: 'unlistable', message: u.message, severity: 1 });
    let content: ContentReport | undefined;
    let labelIssues: LabelIssue[] | undefined;
    const quality = this.quality.finish(
      this.content && final
        ? (searchable) => {
            const found = this.content!.finish(
              (i) => this.quality.fileOf(i),
              searchable,
              (i, j) => this.quality.compareFiles(i, j),
            );
            content = found.report;
            labelIssues = found.labelIssues;
            this.lastMapInput = found.mapInput;
            return found.nearGroups;
          }
        : undefined,
    );
    for (const issue of quality.issues) issues.push(issue);
    issues.sort((a, b) => compareNames(a.file, b.file) || a.kind.localeCompare(b.kind));

    const warnings = [
      ...this.plan.warnings,
      ...walkWarnings(counters),
      ...extra.warnings,
      ...(listed ? this.warningsFor(imbalance, mismatch) : []),
      ...qualityWarnings(quality.report),
      ...(this.content && this.notEmbedded > 0
        ? [
            `${this.notEmbedded} decoded images have no content vector of ${this.content.model}: left out of the content checks`,
          ]
        : []),
      ...(content?.skipped ? [`content checks not run: ${content.skipped}`] : []),
    ];
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'dataset-lens', version: TOOL_VERSION },
      root: this.plan.root,
      layout: this.plan.layout,
      ...(this.plan.numberedClasses ? { numberedClasses: true as const } : {}),
      files: this.files,
      images: groups.all.images,
      skipped: {
        hidden: counters.hidden,
        nonImage: counters.nonImage,
        symlinkLoops: counters.symlinkLoops,
        outsideRoot: counters.outsideRoot,
        ignoredLoose: counters.ignoredLoose,
        // Partials written before the exclude list have no such counter.
        excluded: counters.excluded ?? 0,
        unlabelled: this.unlabelled,
      },
      sample: extra.sample,
      classes,
      splits,
      imbalance,
      splitMismatch: mismatch,
      stats,
      statsByClass: finishGroups(groups.byClass),
      statsBySplit: finishGroups(groups.bySplit),
      properties: this.properties.finish(),
      issues,
      quality: quality.report,
      warnings,
      durationMs: Date.now() - extra.started,
      ...(content ? { content } : {}),
      ...(labelIssues ? { labelIssues } : {}),
    };
  }

  private countsOf(split: string): Map<string, number> {
    let perClass = this.counts.get(split);
    if (!perClass) this.counts.set(split, (perClass = new Map()));
    return perClass;
  }

  /** Whether `split` has images with a class: one without has no class distribution to compare. */
  private hasLabelledImages(split: string): boolean {
    return [...(this.counts.get(split)?.values() ?? [])].some((n) => n > 0);
  }

  private classNames(): string[] {
    const names = new Set<string>();
    for (const perClass of this.counts.values()) for (const name of perClass.keys()) names.add(name);
    return [...names].sort(compareNames);
  }

  private warningsFor(
    imbalance: DatasetReport['imbalance'],
    mismatch: DatasetReport['splitMismatch'],
  ): string[] {
    const out: string[] = [];
    if (this.files === 0) out.push('No image files found.');
    if (imbalance) {
      // Only a folder that exists is an empty class folder; a class seen only in other splits (or CSV rows) is not.
      const folders =
        this.plan.layout === 'csv'
          ? undefined
          : (this.plan.classFolders.get(imbalance.basis) ?? this.plan.classFolders.get(''));
      const key = this.plan.classFolders.has(imbalance.basis) ? imbalance.basis : '';
      const unfollowed = this.plan.unfollowedClassLinks?.get(key);
      // A class folder linked outside the dataset is not empty: the scan's warning says it was not followed.
      const emptyFolders = imbalance.emptyClasses.filter(
        (name) => folders?.has(name) && !unfollowed?.has(name),
      );
      const absent = imbalance.emptyClasses.filter((name) => !folders?.has(name));
      if (emptyFolders.length)
        out.push(
          `Empty class folder(s): ${emptyFolders.join(', ')} (torchvision ImageFolder refuses empty classes)`,
        );
      if (absent.length) out.push(`Class(es) without images in ${imbalance.basis}: ${absent.join(', ')}`);
      if (imbalance.tinyClasses.length)
        out.push(`Tiny class(es) in ${imbalance.basis}: ${imbalance.tinyClasses.join(', ')}`);
      if (imbalance.ratio !== null && imbalance.ratio >= 3) {
        out.push(
          `Imbalanced classes: ${imbalance.largest!.name} has ${imbalance.ratio.toFixed(1)}x the images of ${imbalance.smallest!.name}`,
        );
      }
    }
    for (const m of mismatch) {
      if (m.missingClasses.length)
        out.push(`Split "${m.split}" has no images of: ${m.missingClasses.join(', ')}`);
      if (m.totalVariation > 0.1)
        out.push(
          `Split "${m.split}" class proportions differ from "${m.reference}" (total variation ${m.totalVariation.toFixed(3)})`,
        );
    }
    if (this.plan.layout !== 'csv')
      for (const [split, n] of [...this.unlabelledBySplit].sort(([a], [b]) => compareNames(a, b)))
        out.push(
          `Split "${split}" has ${n} image(s) outside any class folder: analysed, but in no class count` +
            (this.hasLabelledImages(split) ? '' : '; with no class, its balance is not compared'),
        );
    const unlisted = this.unlabelled - this.unusableLabels;
    if (unlisted > 0 && this.plan.layout === 'csv')
      out.push(`${unlisted} image file(s) are not listed in the labels file`);
    if (this.unusableLabels > 0)
      out.push(
        `${this.unusableLabels} image file(s) are left unlabelled: their rows in the labels file disagree or give ` +
          'no label (issues "unusable_label")',
      );
    return out;
  }
}

function walkWarnings(counters: WalkCounters): string[] {
  const out = excludedWarning(counters.excluded ?? 0);
  if (!counters.outsideRoot) return out;
  return [
    ...out,
    `${counters.outsideRoot} symbolic link(s) leading outside the dataset folder were not followed: what they ` +
      'lead to is not part of this analysis (--follow-external-links, or the setting ' +
      'datasetLens.scan.followExternalLinks, follows them)',
  ];
}

function qualityWarnings(report: DatasetReport['quality']): string[] {
  const out = report.summarised.map(
    (kind) =>
      `${report.counts[kind]} images: ${issueKindLabel(kind).toLowerCase()} (over ${report.thresholds.summariseAbove * 100}%: summarised, the worst listed)`,
  );
  const acrossSplits = report.leakage.filter((l) => l.across.includes('splits')).length;
  const acrossClasses = report.leakage.filter((l) => l.across.includes('classes')).length;
  if (acrossSplits)
    out.push(`${acrossSplits} duplicate group(s) leak across splits: evaluation figures will be optimistic`);
  if (acrossClasses) out.push(`${acrossClasses} duplicate group(s) carry different labels`);
  return out;
}

function channelPolicyText(stats: GroupStats, channels: 1 | 3): string {
  const parts = [channels === 1 ? 'all images grey: 1 channel' : '3 channels (RGB)'];
  if (stats.greyConvertedToRgb) parts.push(`${stats.greyConvertedToRgb} grey image(s) converted to RGB`);
  if (stats.alphaDropped) parts.push(`alpha dropped from ${stats.alphaDropped} image(s)`);
  return parts.join('; ');
}

/** A file's class and split as issue fields (absent ones left out, so the JSON stays as it was for them). */
function placeOf(where: Pick<FileEntry, 'label' | 'split'>): Pick<FileIssue, 'class' | 'split'> {
  return {
    ...(where.label !== undefined ? { class: where.label } : {}),
    ...(where.split !== undefined ? { split: where.split } : {}),
  };
}
