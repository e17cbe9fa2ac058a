import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError, messageOf } from './errors';

/** Deeper JSON than any file of ours has; what a recursive reader of it could not survive. */
export const MAX_JSON_DEPTH = 64;

/**
 * The text of a file the user pointed us at, read only if it is a regular file of at most `maxBytes`: a device
 * (`/dev/zero`), a FIFO or a huge file is refused at once instead of hanging or filling memory. `what` names the
 * file in messages ("pipeline", "analyze report").
 */
export function readInputText(file: string, what: string, maxBytes: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UsageError(`Cannot read ${what} ${file}: ${messageOf(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile())
      throw new UsageError(`${what} ${file} is not a regular file (a folder, device or FIFO)`);
    if (stats.size > maxBytes) throw tooLarge(what, file, maxBytes);
    // One byte more than allowed, in case the file grew since fstat.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) throw tooLarge(what, file, maxBytes);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${what} ${file}: ${messageOf(error)}`);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(what: string, file: string, maxBytes: number): UsageError {
  return new UsageError(`${what} ${file} is larger than the limit of ${formatBytes(maxBytes)}`);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 ** 2 === 0 ? `${bytes / 1024 ** 2} MiB` : `${bytes} bytes`;
}

/**
 * Parses JSON given by the user; malformed or deeper than MAX_JSON_DEPTH is one UsageError naming `source`
 * (code that walks a document recursively would otherwise die of a stack overflow).
 */
export function parseJsonInput(text: string, source: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // A RangeError (stack) is as much the file's fault as a SyntaxError.
    throw new UsageError(`${source} is not valid JSON: ${messageOf(error)}`);
  }
  if (jsonDepth(document, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new UsageError(`${source} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return document;
}

/** Nesting depth of a parsed JSON value (a scalar is 0), counted without recursion up to `limit` + 1. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push({ value: child, depth: level });
  }
  return deepest;
}
