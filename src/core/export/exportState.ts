import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { AppliedStep } from '../pipeline/runPipeline';
import { UsageError, messageOf } from '../util/errors';
import { parseJsonInput, readInputText } from '../util/inputFile';
import { writeFileAtomicSync } from '../util/writeAtomic';
import { lockOutputFolder, type OutputLock } from './outputLock';

/** Bookkeeping lives in a hidden folder: the scanner skips it, so an export can itself be analysed. */
export const STATE_DIR = '.dataset-lens';
export const SETTINGS_FILE = 'augment-settings.json';
const JOURNAL_FILE = 'augment-journal.jsonl';

/** One finished output, as recorded in the journal and the manifest. */
export interface OutputRecord {
  file: string;
  source: string;
  class?: string;
  split?: string;
  copy: number;
  /** Seed of this output's generator (from pipeline seed, source path and copy). */
  seed: number;
  width: number;
  height: number;
  transforms: AppliedStep[];
}

/**
 * Opens (or starts) the export state in `outRoot`. A folder holding something else is refused; a folder from an
 * earlier run with other settings is refused naming the first setting that differs; otherwise the journal of
 * finished outputs is returned so the run can skip them. `stateDir`: where a shard keeps its own state (see
 * augmentShards.ts, which has checked the folder).
 */
export function openExportState(
  outRoot: string,
  settings: Record<string, unknown>,
  stateDir = path.join(outRoot, STATE_DIR),
): Map<string, OutputRecord> {
  const settingsPath = path.join(stateDir, SETTINGS_FILE);
  if (existsSync(settingsPath)) {
    checkSameSettings(outRoot, settingsPath, settings);
    return readJournal(path.join(stateDir, JOURNAL_FILE));
  }
  if (stateDir === path.join(outRoot, STATE_DIR)) checkReusable(outRoot);
  mkdirSync(stateDir, { recursive: true });
  writeFileAtomicSync(settingsPath, JSON.stringify(settings, null, 2) + '\n');
  return new Map();
}

/** Refuses settings that differ from those stored at `settingsPath`, naming the first that differs. */
export function checkSameSettings(
  outRoot: string,
  settingsPath: string,
  settings: Record<string, unknown>,
): void {
  const previous = readSettings(settingsPath, outRoot);
  for (const key of new Set([...Object.keys(previous), ...Object.keys(settings)])) {
    if (JSON.stringify(previous[key]) !== JSON.stringify(settings[key])) {
      throw new UsageError(
        `${outRoot} holds an export made with a different ${key} (${JSON.stringify(previous[key])}, now ` +
          `${JSON.stringify(settings[key])}): use another --out folder, or delete it to start over`,
      );
    }
  }
}

/**
 * Refuses a folder holding something other than an export, before anything is written into it (the state
 * folder alone, as a run that was stopped before writing its settings leaves it, is no export yet but ours).
 */
export function checkReusable(outRoot: string): void {
  if (existsSync(path.join(outRoot, STATE_DIR, SETTINGS_FILE)) || !existsSync(outRoot)) return;
  if (readdirSync(outRoot).some((name) => name !== STATE_DIR))
    throw new UsageError(
      `${outRoot} is not empty and holds no dataset-lens export: choose an empty or new folder`,
    );
}

/** Creates the state folder and takes its lock (see lockOutputFolder): the folder's, or one shard's. */
export function lockExportState(
  outRoot: string,
  onWarning?: (message: string) => void,
  stateDir = path.join(outRoot, STATE_DIR),
): OutputLock {
  mkdirSync(stateDir, { recursive: true });
  return lockOutputFolder(stateDir, outRoot, onWarning);
}

/** Settings hold the pipeline and a few fields: a few KB. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/** The settings of an earlier run; a damaged file is one clear error (the run cannot tell what it resumes). */
function readSettings(file: string, outRoot: string): Record<string, unknown> {
  let settings: unknown;
  try {
    settings = parseJsonInput(readInputText(file, 'settings', MAX_SETTINGS_BYTES), file);
  } catch (error) {
    throw damaged(file, outRoot, messageOf(error));
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw damaged(file, outRoot, 'not a JSON object');
  return settings as Record<string, unknown>;
}

function damaged(file: string, outRoot: string, reason: string): UsageError {
  return new UsageError(`${file} is damaged (${reason}): delete ${outRoot} to start over`);
}

/** Journal lines of finished outputs; a torn last line (killed mid-write) is ignored and that file redone. */
function readJournal(file: string): Map<string, OutputRecord> {
  const done = new Map<string, OutputRecord>();
  if (!existsSync(file)) return done;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as OutputRecord;
      done.set(record.file, record);
    } catch {
      // torn line: the output it described is redone
    }
  }
  return done;
}

/** Lines a journal holds before writing them; a run killed before a write redoes those outputs, nothing worse. */
const JOURNAL_BATCH = 64;
/** ... and how long at most, so a slow export loses little to a kill. */
const JOURNAL_DELAY_MS = 250;

/**
 * Appends journal lines, after the outputs' renames (a listed file is always complete), several lines to a write:
 * on small images a write per output cost more than the output.
 */
export class Journal {
  private readonly fd: number;
  private pending = '';
  private lines = 0;
  private since = 0;
  constructor(stateDir: string) {
    this.fd = openSync(path.join(stateDir, JOURNAL_FILE), 'a');
  }
  append(record: OutputRecord): void {
    if (this.lines === 0) this.since = performance.now();
    this.pending += JSON.stringify(record) + '\n';
    this.lines++;
    if (this.lines >= JOURNAL_BATCH || performance.now() - this.since >= JOURNAL_DELAY_MS) this.flush();
  }
  /** Writes the lines held so far. */
  flush(): void {
    if (this.lines === 0) return;
    writeSync(this.fd, this.pending);
    this.pending = '';
    this.lines = 0;
  }
  /** Writes what is held, then closes; a failed last write (a full disk) only means those outputs are redone. */
  close(): void {
    try {
      this.flush();
    } catch {
      // the run's own error (if any) says why; a resume redoes the unlisted outputs
    } finally {
      closeSync(this.fd);
    }
  }
}
