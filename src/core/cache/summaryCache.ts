import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetReport } from '../engine/report';
import type { FileEntry } from '../scan/scanDataset';
import type { WalkCounters } from '../scan/walk';
import { writeFileAtomicSync } from '../util/writeAtomic';

/**
 * The finished report of the last full run, stored beside the per-image cache with a fingerprint of everything it
 * was made from: every listed file's name, size, mtime, label and split, the walk's counters and the run's
 * settings. A re-run whose listing gives the same fingerprint returns that report without reading a single
 * per-image record (a 50k-image folder: a walk, not 50 MB of records re-aggregated).
 */
const FORMAT = 1;

export function summaryFileFor(cacheFile: string): string {
  return cacheFile.replace(/\.cache$/, '') + '.summary.json';
}

/** Hashes a run's listing as it streams by, in scan order. */
export class ListingFingerprint {
  private readonly hash = createHash('sha256');
  /** Lines not hashed yet: one update per ~64 KB rather than per file (the same digest, a tenth of the cost). */
  private pending = '';

  constructor(settings: unknown) {
    this.hash.update(JSON.stringify(settings));
  }

  add(entry: FileEntry): void {
    this.pending += `${entry.file}\0${entry.size}\0${entry.mtimeMs}\0${entry.label ?? '\u0001'}\0${entry.split ?? '\u0001'}\n`;
    if (this.pending.length >= 65536) this.flush();
  }

  /** `after` holds what the walk learnt besides the files (counters, warnings about loose files). */
  digest(counters: WalkCounters, after: unknown): string {
    this.flush();
    return this.hash.update(JSON.stringify({ counters, after })).digest('hex');
  }

  private flush(): void {
    this.hash.update(this.pending);
    this.pending = '';
  }
}

/** What a labels CSV contributes to the fingerprint: its path, size and mtime (labels come from its content). */
export function labelsFileStamp(csv: string | undefined): string | null {
  if (!csv) return null;
  try {
    const s = statSync(csv);
    return `${path.resolve(csv)}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** A stored summary: the report and the fingerprint of what it was made from. */
export interface StoredSummary {
  fingerprint: string;
  report: DatasetReport;
}

/**
 * Reads and parses a stored summary, before its fingerprint is known: the check parses it while the stat thread
 * finishes. Anything missing, foreign or damaged is undefined.
 */
export function loadSummary(file: string): StoredSummary | undefined {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      format?: number;
      fingerprint?: string;
      report?: DatasetReport;
    };
    if (stored.format === FORMAT && typeof stored.fingerprint === 'string' && stored.report)
      return { fingerprint: stored.fingerprint, report: stored.report };
  } catch {
    // No summary, or an unreadable one: the run goes on from the per-image records.
  }
  return undefined;
}

/** Writes atomically (writeFileAtomicSync); a failure only loses the shortcut, never the run. */
export function writeSummary(file: string, fingerprint: string, report: DatasetReport): string | undefined {
  try {
    writeFileAtomicSync(file, JSON.stringify({ format: FORMAT, fingerprint, report }), { fsync: false });
    return undefined;
  } catch (error) {
    return `cache summary not written: ${(error as Error).message}`;
  }
}

/** Removes a summary that must not be reused; like every cache fault, a failure here is not the run's. */
export function dropSummary(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // An unusable cache folder: there is no summary to worry about.
  }
}
