/**
 * The webview is untrusted (it renders file names and whatever a dataset contains): every message it sends is
 * checked here before any handler runs. Pure functions, no `vscode`, unit-tested with fuzzed input.
 * The envelope is checked here; the params by the `check` of the method's descriptor in `ToHost` (messages.ts).
 * Accepted messages are rebuilt from known fields only, so unknown keys, prototypes and getters never get through.
 */
import * as nodePath from 'node:path';
import { flavourOf, pathRelation } from '../core/util/pathContainment';
import { ToHost, type ToHostMessage } from './messages';
import { describe, fail, InvalidMessage, LIMITS, plainObject, relativePath } from './paramChecks';
import type { Envelope } from './rpc';

export type Validated = { ok: true; message: Envelope } | { ok: false; error: string; replyTo?: number };

/**
 * Checks one message from the webview: envelope, method, and the params of that method.
 * Never throws; `replyTo` is set when the message was a request with a usable id (the host answers with the error).
 * @example validateWebviewMessage({ kind: 'request', id: 1, method: 'openFile', params: { file: 'train/a.png' } })
 */
export function validateWebviewMessage(raw: unknown): Validated {
  let replyTo: number | undefined;
  try {
    measure(raw, LIMITS.depth, LIMITS.nodes, LIMITS.totalChars);
    const envelope = plainObject(raw, 'message');
    const kind = envelope.kind;
    if (kind === 'request') {
      const id = envelope.id;
      if (!isId(id)) fail(`Expected a positive integer id but received ${describe(id)}`);
      replyTo = id;
      const type = descriptorOf(envelope.method, 'request');
      if (!type) fail(`Unknown request ${describe(envelope.method)}`);
      const params = type.check(envelope.params);
      return { ok: true, message: { kind: 'request', id, method: type.method, params } };
    }
    if (kind === 'notification') {
      const type = descriptorOf(envelope.method, 'notification');
      if (!type) fail(`Unknown command ${describe(envelope.method)}`);
      const params = type.check(envelope.params);
      return { ok: true, message: { kind: 'notification', method: type.method, params } };
    }
    fail(`Expected kind "request" or "notification" but received ${describe(kind)}`);
  } catch (error) {
    if (error instanceof InvalidMessage) return { ok: false, error: error.message, replyTo };
    // A getter or proxy that throws, a stack overflow...: still just an invalid message.
    return { ok: false, error: 'Malformed message', replyTo };
  }
}

/** The descriptor of `method` in `ToHost` when it is a message of that kind (own keys only: no `toString`). */
function descriptorOf<K extends ToHostMessage['kind']>(
  method: unknown,
  kind: K,
): Extract<ToHostMessage, { kind: K }> | undefined {
  if (typeof method !== 'string' || !Object.hasOwn(ToHost, method)) return undefined;
  const type: ToHostMessage = ToHost[method as keyof typeof ToHost];
  return type.kind === kind ? (type as Extract<ToHostMessage, { kind: K }>) : undefined;
}

// ---- paths ----

/**
 * Joins a checked relative path to the dataset root and re-checks the result lies strictly inside it
 * (the second check is what matters if the first ever has a gap). Returns undefined when it does not.
 * Symbolic links are the caller's business (it compares real paths).
 */
export function resolveInsideRoot(
  root: string,
  relative: string,
  platform: 'posix' | 'win32' = process.platform === 'win32' ? 'win32' : 'posix',
): string | undefined {
  const p = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  let checked: string;
  try {
    checked = relativePath(relative, 'file');
  } catch {
    return undefined;
  }
  if (platform === 'win32' && checked.includes(':')) return undefined; // alternate data streams, devices
  const base = p.resolve(root);
  const absolute = p.resolve(base, ...checked.split('/'));
  return pathRelation(base, absolute, flavourOf(platform)) === 'inside' ? absolute : undefined;
}

function isId(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= Number.MAX_SAFE_INTEGER
  );
}

/**
 * Walks a value once, iteratively, bounding depth, node count and string characters before anything else reads
 * it: a huge or deeply nested message is refused without recursion or JSON.stringify.
 */
function measure(value: unknown, maxDepth: number, maxNodes: number, maxChars: number): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nodes = 0;
  let chars = 0;
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (++nodes > maxNodes) fail(`Message too large (more than ${maxNodes} values)`);
    if (typeof v === 'string') {
      chars += v.length;
      if (chars > maxChars) fail(`Message too large (more than ${maxChars} characters)`);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) fail(`Message nested too deeply (more than ${maxDepth} levels)`);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) fail('Binary data is not accepted');
    if (Array.isArray(v)) {
      if (v.length > maxNodes) fail(`Message too large (an array of ${v.length})`);
      for (const item of v) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > maxNodes) fail(`Message too large (an object with ${keys.length} keys)`);
    for (const key of keys) {
      chars += key.length;
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
}
