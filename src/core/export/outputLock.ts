import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../util/errors';

/** Who holds an output folder: written into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  started: string;
}

export interface OutputLock {
  release(): void;
}

const LOCK_FILE = 'augment.lock';

/**
 * Takes the lock of an export's state folder, so two runs never write one output folder at once (each would
 * finish "successfully" with the other's outputs missing from its manifest). The lock file appears whole and at
 * once (a hard link to a file already written; O_EXCL where links are not supported) and names the run's pid,
 * host and start time. A lock of a dead process of this host is taken over, with a warning; any other is
 * refused naming its holder. Released by `release()`, or when the process exits.
 */
export function lockOutputFolder(
  stateDir: string,
  outRoot: string,
  onWarning?: (message: string) => void,
): OutputLock {
  const lockFile = path.join(stateDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createLockFile(lockFile, mine)) return heldLock(lockFile, mine);
    const text = readText(lockFile);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    if (holder && !isGone(holder)) throw inUse(outRoot, lockFile, holder);
    if (!holder && isYoung(lockFile)) {
      // Being written by a run without hard links (O_EXCL, then content): give it a moment.
      sleep(100);
      continue;
    }
    if (takeOver(lockFile, text)) {
      onWarning?.(
        holder
          ? `took over ${outRoot} from dataset-lens pid ${holder.pid} (started ${holder.started}), ` +
              'which is no longer running'
          : `took over ${outRoot}: its lock file was damaged`,
      );
    }
  }
  throw new UsageError(`Cannot lock the output folder ${outRoot}: other runs keep taking it`);
}

/** Creates the lock file with its content in one step; false when it exists. */
function createLockFile(lockFile: string, content: string): boolean {
  const temp = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, content);
  try {
    linkSync(temp, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    return createExclusive(lockFile, content);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Where hard links are refused (FAT, some network shares): O_EXCL, then the content. */
function createExclusive(lockFile: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock aside and checks that what was moved is the stale lock seen (not a fresh one another run
 * created meanwhile, which is put back). True when the stale lock is gone.
 */
function takeOver(lockFile: string, staleText: string): boolean {
  const aside = `${lockFile}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return false; // someone else moved or released it: look again
  }
  if (readText(aside) === staleText) {
    rmSync(aside, { force: true });
    return true;
  }
  try {
    linkSync(aside, lockFile);
  } catch {
    // A third run holds it now: it is the holder; the moved lock's owner will find its lock changed.
  }
  rmSync(aside, { force: true });
  return false;
}

function heldLock(lockFile: string, mine: string): OutputLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only our own lock: after a takeover by mistake, never delete another run's.
    if (readText(lockFile) === mine) {
      try {
        unlinkSync(lockFile);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', release);
  return { release };
}

/** Modified in the last few seconds (a lock file without content is stale only once it is older). */
function isYoung(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(value.pid) && typeof value.host === 'string' && typeof value.started === 'string')
      return value as LockHolder;
  } catch {
    // damaged
  }
  return undefined;
}

/** A holder on this host whose process no longer exists. Another host's processes cannot be checked. */
function isGone(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function inUse(outRoot: string, lockFile: string, holder: LockHolder): UsageError {
  const host = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return new UsageError(
    `output folder ${outRoot} is in use by dataset-lens pid ${holder.pid}${host} (started ${holder.started}): ` +
      `wait for that run to end, or delete ${lockFile} if it is gone`,
  );
}
