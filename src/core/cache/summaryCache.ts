import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileEntry } from '../scan/scanPlan';
import type { WalkCounters } from '../scan/walk';
import { jsonPieces } from '../util/jsonPieces';
import { writeViaOwnedTemp } from './ownedTemp';

/**
 * The finished report of the last full run, stored beside the per-image cache with a fingerprint of everything it
 * was made from: every listed file's name, size, mtime, label and split, the walk's counters and the run's
 * settings. A re-run whose listing gives the same fingerprint returns that report without reading a single
 * per-image record (a walk, not every record re-aggregated). FORMAT is raised when the report gains a part an older
 * summary lacks (3: `content.map`), so such summaries are not reused.
 */
const FORMAT = 3;

export function summaryFileFor(cacheFile: string): string {
  return cacheFile.replace(/\.cache$/, '') + '.summary.jsonl';
}

/** Hashes a run's listing as it streams by, in scan order. */
export class ListingFingerprint {
  private readonly hash = createHash('sha256');
  /** Lines not hashed yet: one update per ~64 KB rather than per file (the same digest, for far less work). */
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

/**
 * A stored summary: the fingerprint of what its report was made from, and the report as JSON without its
 * `durationMs` (a run's own), in the bytes that were written. A re-run prints those bytes (withDuration) instead of
 * parsing the JSON into objects and writing them out again (a large share of a re-run of an unchanged folder).
 */
export interface StoredSummary {
  fingerprint: string;
  reportJson: Buffer;
}

/** Longest header line read: anything longer is a file of another kind (an older summary is one JSON document). */
const MAX_HEADER_BYTES = 1024;

/**
 * Reads a stored summary, before its fingerprint is known: the check reads it while the stat thread finishes. The
 * header line gives the format, fingerprint, length and SHA-256 of the report that follows, so a damaged report is
 * found without parsing it. Anything missing, foreign or damaged is undefined.
 */
export function loadSummary(file: string): StoredSummary | undefined {
  try {
    const bytes = readFileSync(file);
    const newline = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
    if (newline < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<SummaryHeader>;
    const reportJson = bytes.subarray(newline + 1);
    if (
      header.format === FORMAT &&
      typeof header.fingerprint === 'string' &&
      header.bytes === reportJson.length &&
      header.sha256 === sha256([reportJson]) &&
      reportJson[0] === 0x7b // '{'
    )
      return { fingerprint: header.fingerprint, reportJson };
  } catch {
    // No summary, or an unreadable one: the run goes on from the per-image records.
  }
  return undefined;
}

interface SummaryHeader {
  format: number;
  fingerprint: string;
  bytes: number;
  sha256: string;
}

/**
 * The report as JSON without its `durationMs`, in pieces (jsonPieces.ts): what writeSummary stores and withDuration
 * completes. The report's keys keep their order (durationMs is its last: see ReportBuilder.finish), so the two give
 * JSON.stringify(report).
 */
export function reportJsonWithoutDuration(report: { durationMs: number }): Buffer[] {
  return jsonPieces({ ...report, durationMs: undefined });
}

/**
 * The report's JSON text with this run's duration, in pieces to write one after the other (joining them would copy
 * the whole report): `pieces` from reportJsonWithoutDuration, or a StoredSummary's bytes as one.
 */
export function withDuration(pieces: readonly Buffer[], durationMs: number): Buffer[] {
  const last = pieces[pieces.length - 1];
  if (!last || last.length < 1 || last[last.length - 1] !== 0x7d /* '}' */ || totalBytes(pieces) < 2)
    throw new Error('withDuration: the report JSON does not end with "}"');
  // An empty object would need no comma; a report never is one.
  return [
    ...pieces.slice(0, -1),
    last.subarray(0, last.length - 1),
    Buffer.from(`,"durationMs":${durationMs}}`),
  ];
}

/**
 * Writes atomically through a temporary name that a later run can remove if this one is killed mid-write
 * (writeViaOwnedTemp); a failure only loses the shortcut, never the run.
 */
export function writeSummary(file: string, fingerprint: string, body: readonly Buffer[]): string | undefined {
  try {
    const header: SummaryHeader = {
      format: FORMAT,
      fingerprint,
      bytes: totalBytes(body),
      sha256: sha256(body),
    };
    writeViaOwnedTemp(file, [Buffer.from(JSON.stringify(header) + '\n'), ...body]);
    return undefined;
  } catch (error) {
    return `cache summary not written: ${(error as Error).message}`;
  }
}

function totalBytes(pieces: readonly Buffer[]): number {
  return pieces.reduce((sum, piece) => sum + piece.length, 0);
}

function sha256(pieces: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
}

/** Removes a summary that must not be reused; like every cache fault, a failure here is not the run's. */
export function dropSummary(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // An unusable cache folder: there is no summary to worry about.
  }
}
