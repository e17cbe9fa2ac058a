import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

/**
 * Temporary files that say who is writing them: `<target>.<host>.<pid>.<unique>.tmp`. A run killed outright
 * (SIGKILL, a power cut) cannot remove its own; a later run removes those whose process is gone. Only the host
 * that wrote a file can tell whether its writer lives: files of other hosts (a cache folder on a shared home)
 * are left alone.
 */
export interface TempOwner {
  host: string;
  pid: number;
}

const TEMP_SUFFIX = '.tmp';
let unique = 0;

/** The host as one name segment: reversible, and without the dots that separate the segments. */
function hostSegment(host: string): string {
  return encodeURIComponent(host).replace(/\./g, '%2E');
}

function currentOwner(): TempOwner {
  return { host: hostname(), pid: process.pid };
}

/** A fresh temporary name beside `file` (unique within this process, and across processes by the pid). */
export function ownedTempName(file: string, owner: TempOwner = currentOwner()): string {
  unique++;
  return `${file}.${hostSegment(owner.host)}.${owner.pid}.${Date.now().toString(36)}${unique.toString(36)}${TEMP_SUFFIX}`;
}

/** The target and owner of a temporary file name made by ownedTempName, or undefined for any other name. */
export function parseOwnedTempName(name: string): { target: string; owner: TempOwner } | undefined {
  const match = /^(.+)\.([^./]+)\.(\d+)\.[0-9a-z]+\.tmp$/.exec(name);
  if (!match) return undefined;
  try {
    return { target: match[1], owner: { host: decodeURIComponent(match[2]), pid: Number(match[3]) } };
  } catch {
    return undefined;
  }
}

/** False only when this host has no process `pid` (ESRCH); a process of another user (EPERM) lives. */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files in `dir` (of `target` only, when given: a user's folder, where we touch nothing
 * else) whose writer was on this host and has no process any more. Returns the names removed. Never throws: a
 * folder that cannot be listed or a file that cannot be removed is left for another time.
 */
export function removeDeadOwnersTemps(dir: string, target?: string): string[] {
  const here = hostname();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const temp = parseOwnedTempName(name);
    if (!temp || (target !== undefined && temp.target !== target)) continue;
    if (temp.owner.host !== here || temp.owner.pid === process.pid || isAlive(temp.owner.pid)) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Someone else's file after all, or a read-only folder: not this run's problem.
    }
  }
  return removed;
}

/**
 * Writes `pieces` one after the other to `file` through an owned temporary name and a rename: a reader sees the
 * old file or the whole new one. Not fsync'd: for cache files, which are checked when read. Throws after removing
 * the temporary file.
 */
export function writeViaOwnedTemp(file: string, pieces: readonly Buffer[]): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = ownedTempName(file);
  try {
    const fd = openSync(temp, 'w');
    try {
      for (const piece of pieces)
        for (let written = 0; written < piece.length;)
          written += writeSync(fd, piece, written, piece.length - written);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
