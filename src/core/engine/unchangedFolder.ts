import { existsSync } from 'node:fs';
import { LABEL_CLASSIFIER } from '../content/labelIssues';
import { labelsFileStamp, ListingFingerprint, loadSummary, type StoredSummary } from '../cache/summaryCache';
import type { FileEntry, ScanPlan } from '../scan/scanPlan';
import { statChunks } from '../scan/statChunks';
import type { WalkCounters } from '../scan/walk';
import { throwIfAborted } from '../util/errors';
import type { AnalyzeHooks, AnalyzeOptions } from './analyzeOptions';
import type { DatasetReport } from './report';
import { ENGINE_VERSION, TOOL_VERSION } from './version';

/** A report stored by the run summary (its duration is the run's that reads it). */
export type StoredReport = Omit<DatasetReport, 'durationMs'>;

/** What the unchanged-folder check found. */
export interface UnchangedCheck {
  /** Whether it walked the folder (into the counters it was given). */
  walked: boolean;
  /** The stored report, parsed or as its JSON bytes, when the folder is unchanged. */
  stored?: { stored?: StoredReport; storedJson?: Buffer };
  /** Otherwise the listing it made, in chunks, when it was small enough to keep. */
  listed?: FileEntry[][];
}

/** Everything besides the files that a report depends on: a change in any of them makes the summary stale. */
export function runSettings(
  plan: ScanPlan,
  options: AnalyzeOptions,
  thresholds: unknown,
  maxPixels: number,
  contentModel: string | undefined,
): unknown {
  return {
    // The label check's settings too: a report stored by another classifier is not returned as this one's.
    content: contentModel ? { model: contentModel, labelCheck: LABEL_CLASSIFIER } : null,
    engine: ENGINE_VERSION,
    tool: TOOL_VERSION,
    thresholds,
    maxPixels,
    beta: options.beta ?? null,
    minClassSize: options.minClassSize ?? null,
    labels: labelsFileStamp(options.labelsCsv),
    layout: plan.layout,
    exclude: plan.excludePatterns,
    classFolders: [...plan.classFolders].map(([split, classes]) => [split, [...classes]]),
  };
}

/**
 * Files the unchanged-folder check keeps listed for the run that follows when the folder changed (~250 bytes
 * each): the run then does not walk and stat the folder a second time. A bigger folder is walked again.
 */
const KEEP_LISTED_FILES = 100_000;

/**
 * Whether the folder lists exactly as it did for the stored report (names, sizes, mtimes, labels): one walk of
 * `plan` (into `counters`), no image and no per-image record touched, the files stat'ed on a second thread while
 * the walk lists the folders (see statChunks). The stored report when it does (parsed, or its JSON: `want`);
 * otherwise the listing, in chunks, when it has at most KEEP_LISTED_FILES files. Without a stored report there is
 * nothing to compare: no walk. Files that fail their stat are counted after the folders listed meanwhile, not in
 * walk order: such a digest matches nothing stored, which is right, as a run with unlistable files is never stored.
 */
export async function storedReportIfUnchanged(
  plan: ScanPlan,
  counters: WalkCounters,
  settings: unknown,
  summaryFile: string,
  hooks: AnalyzeHooks,
  want: 'report' | 'json',
): Promise<UnchangedCheck> {
  if (!existsSync(summaryFile)) return { walked: false };
  const fingerprint = new ListingFingerprint(settings);
  let seen = 0;
  let listed: FileEntry[][] | undefined = [];
  let stored: StoredSummary | undefined;
  let parsed: StoredReport | undefined;
  // The walk is ahead of the stat thread once it has listed everything: read (and parse) the stored report then.
  const onListed = () => {
    stored = loadSummary(summaryFile);
    if (stored && want === 'report') parsed = parseStoredReport(stored.reportJson);
  };
  try {
    const chunks = plan.stamped
      ? listedThen(plan.entryChunks(counters), onListed)
      : statChunks(plan.entryChunks(counters), counters, { onListed });
    for await (const chunk of chunks) {
      throwIfAborted(hooks.signal);
      for (const entry of chunk) {
        fingerprint.add(entry);
        if (++seen % 4096 === 0) hooks.onProgress?.({ done: 0, total: seen, scanning: true, cached: 0 });
      }
      // Members carry their bytes: keeping them would hold the container in memory. It is read again instead.
      if (seen > KEEP_LISTED_FILES || plan.stamped) listed = undefined;
      listed?.push(chunk);
    }
  } catch (error) {
    if (hooks.signal?.aborted) throw error;
    // The walk failed: a full run follows, walks again and reports what it finds.
    return { walked: true };
  }
  const unchanged = stored?.fingerprint === fingerprint.digest(counters, plan.warnings);
  if (unchanged && (want === 'json' || parsed)) {
    hooks.onProgress?.({ done: seen, total: seen, scanning: false, cached: seen });
    return {
      walked: true,
      stored: want === 'json' ? { storedJson: stored!.reportJson } : { stored: parsed },
    };
  }
  return { walked: true, listed };
}

/** A stored report as an object; undefined when its JSON does not parse (the run then goes on without it). */
function parseStoredReport(json: Buffer): StoredReport | undefined {
  try {
    return JSON.parse(json.toString('utf8')) as StoredReport;
  } catch {
    return undefined;
  }
}

/** The chunks as they come, then `onListed` once the last has been taken. */
async function* listedThen(
  chunks: AsyncGenerator<FileEntry[]>,
  onListed: () => void,
): AsyncGenerator<FileEntry[]> {
  yield* chunks;
  onListed();
}

/** The chunks of a kept listing, each let go once handed out. */
export async function* drain(chunks: FileEntry[][]): AsyncGenerator<FileEntry[]> {
  for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) yield chunk;
}
