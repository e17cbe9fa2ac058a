/**
 * The webview is untrusted (it renders file names and whatever a dataset contains): every message it sends is
 * checked here before any handler runs. Pure functions, no `vscode`, unit-tested with fuzzed input.
 * Accepted messages are rebuilt from known fields only, so unknown keys, prototypes and getters never get through.
 */
import * as nodePath from 'node:path';
import { flavourOf, pathRelation } from '../core/util/pathContainment';
import type { Envelope } from './rpc';
import {
  CODE_TARGETS,
  EXPORT_IMAGE_FORMATS,
  STATS_FORMATS,
  TAB_IDS,
  type CodeTarget,
  type ExportImageFormat,
  type StatsFormat,
  type TabId,
} from './messages';

export const LIMITS = {
  /** Characters in all strings of one message together. */
  totalChars: 2_000_000,
  /** Objects, arrays and primitives in one message. */
  nodes: 20_000,
  depth: 24,
  pathChars: 4096,
  filesPerThumbnailRequest: 256,
  copyTextChars: 1_000_000,
  pipelineChars: 256_000,
  pipelineNodes: 5_000,
  pipelineDepth: 8,
  maxSeed: 0x7fffffff,
} as const;

export type Validated = { ok: true; message: Envelope } | { ok: false; error: string; replyTo?: number };

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

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
      const method = envelope.method;
      if (typeof method !== 'string' || !Object.hasOwn(REQUEST_PARAMS, method))
        fail(`Unknown request ${describe(method)}`);
      const params = REQUEST_PARAMS[method](envelope.params);
      return { ok: true, message: { kind: 'request', id, method, params } };
    }
    if (kind === 'notification') {
      const method = envelope.method;
      if (typeof method !== 'string' || !Object.hasOwn(COMMAND_PARAMS, method))
        fail(`Unknown command ${describe(method)}`);
      const params = COMMAND_PARAMS[method](envelope.params);
      return { ok: true, message: { kind: 'notification', method, params } };
    }
    fail(`Expected kind "request" or "notification" but received ${describe(kind)}`);
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message, replyTo };
    // A getter or proxy that throws, a stack overflow...: still just an invalid message.
    return { ok: false, error: 'Malformed message', replyTo };
  }
}

// ---- per-method params ----

const empty = (params: unknown): Record<string, never> => {
  if (params !== undefined && params !== null) plainObject(params, 'params');
  return {};
};

const REQUEST_PARAMS: Record<string, (params: unknown) => unknown> = {
  ready(params) {
    const p = plainObject(params, 'params');
    const tab = p.restoredTab;
    if (tab !== null && tab !== undefined && !TAB_IDS.includes(tab as TabId))
      fail(`Unknown tab ${describe(tab)}`);
    return { restoredTab: (tab ?? null) as TabId | null };
  },
  openFile(params) {
    const p = plainObject(params, 'params');
    return { file: relativePath(p.file, 'file') };
  },
  thumbnails(params) {
    const p = plainObject(params, 'params');
    if (!Array.isArray(p.files)) fail(`Expected an array for files but received ${describe(p.files)}`);
    if (p.files.length > LIMITS.filesPerThumbnailRequest) {
      fail(`Expected at most ${LIMITS.filesPerThumbnailRequest} files but received ${p.files.length}`);
    }
    const files = p.files.map((f, i) => relativePath(f, `files[${i}]`));
    return { files, size: integer(p.size, 'size', 16, 1024) };
  },
  copyText(params) {
    const p = plainObject(params, 'params');
    return { text: string(p.text, 'text', LIMITS.copyTextChars), label: string(p.label, 'label', 200) };
  },
  catalog: empty,
  preview(params) {
    const p = plainObject(params, 'params');
    return {
      pipeline: pipelineDocument(p.pipeline),
      perClass: integer(p.perClass, 'perClass', 1, 16),
      variants: integer(p.variants, 'variants', 1, 8),
      seed: p.seed === undefined || p.seed === null ? undefined : integer(p.seed, 'seed', 0, LIMITS.maxSeed),
      cellSize: integer(p.cellSize, 'cellSize', 32, 512),
    };
  },
  exportAugmented(params) {
    const p = plainObject(params, 'params');
    if (typeof p.balance !== 'boolean')
      fail(`Expected true or false for balance but received ${describe(p.balance)}`);
    const format =
      p.format === null || p.format === undefined
        ? null
        : oneOf<ExportImageFormat>(p.format, 'format', EXPORT_IMAGE_FORMATS);
    return {
      pipeline: pipelineDocument(p.pipeline),
      copies: integer(p.copies, 'copies', 1, 1000),
      balance: p.balance,
      format,
    };
  },
  exportCode(params) {
    const p = plainObject(params, 'params');
    return {
      pipeline: pipelineDocument(p.pipeline),
      target: oneOf<CodeTarget>(p.target, 'target', CODE_TARGETS),
    };
  },
  exportStats(params) {
    const p = plainObject(params, 'params');
    return { format: oneOf<StatsFormat>(p.format, 'format', STATS_FORMATS) };
  },
  savePipeline(params) {
    const p = plainObject(params, 'params');
    return { pipeline: pipelineDocument(p.pipeline) };
  },
};

const COMMAND_PARAMS: Record<string, (params: unknown) => unknown> = {
  analyze: empty,
  cancelAnalysis: empty,
  cancelExport: empty,
  editPipeline(params) {
    const p = plainObject(params, 'params');
    return { pipeline: pipelineDocument(p.pipeline) };
  },
};

// ---- paths ----

/**
 * A dataset-relative path as the report writes it: '/'-separated, no empty, '.' or '..' segment, not absolute
 * (POSIX, Windows drive or UNC), no control characters or backslashes.
 * @example relativePath('train/cat/1.png', 'file') // 'train/cat/1.png'
 */
export function relativePath(value: unknown, name: string): string {
  const text = string(value, name, LIMITS.pathChars);
  if (text.length === 0) fail(`Expected a relative path for ${name} but received an empty string`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text))
    fail(`Expected a relative path for ${name} but received control characters`);
  if (text.includes('\\'))
    fail(`Expected a '/'-separated relative path for ${name} but received a backslash`);
  if (text.startsWith('/')) fail(`Expected a relative path for ${name} but received an absolute path`);
  if (/^[a-zA-Z]:/.test(text) || /(^|\/)[a-zA-Z]:($|\/)/.test(text))
    fail(`Expected a relative path for ${name} but received a drive letter`);
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      fail(`Expected a path inside the dataset for ${name} but received ${describe(text)}`);
    }
  }
  return text;
}

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

// ---- pipeline documents ----

/** A JSON object of bounded size, copied into fresh objects (no prototype keys); its meaning is checked later. */
export function pipelineDocument(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) fail(`Expected a pipeline object but received ${describe(value)}`);
  const budget = { nodes: LIMITS.pipelineNodes, chars: LIMITS.pipelineChars };
  return copyJson(value, LIMITS.pipelineDepth, budget, 'pipeline') as Record<string, unknown>;
}

function copyJson(
  value: unknown,
  depth: number,
  budget: { nodes: number; chars: number },
  at: string,
): unknown {
  if (--budget.nodes < 0) fail(`The pipeline is too large (more than ${LIMITS.pipelineNodes} values)`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`Expected a finite number at ${at} but received ${describe(value)}`);
    return value;
  }
  if (typeof value === 'string') {
    budget.chars -= value.length;
    if (budget.chars < 0) fail(`The pipeline is too large (more than ${LIMITS.pipelineChars} characters)`);
    return value;
  }
  if (depth <= 0) fail(`The pipeline is nested too deeply at ${at}`);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) fail(`Expected a plain array at ${at}`);
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(copyJson(value[i], depth - 1, budget, `${at}[${i}]`));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype')
        fail(`Forbidden key ${describe(key)} at ${at}`);
      budget.chars -= key.length;
      if (budget.chars < 0) fail(`The pipeline is too large (more than ${LIMITS.pipelineChars} characters)`);
      out[key] = copyJson(value[key], depth - 1, budget, `${at}.${key}`);
    }
    return out;
  }
  fail(`Expected JSON at ${at} but received ${describe(value)}`);
}

// ---- small validators (sharp's `is.*` style) ----

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function plainObject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(`Expected an object for ${name} but received ${describe(value)}`);
  return value;
}

function isId(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= Number.MAX_SAFE_INTEGER
  );
}

function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`Expected an integer between ${min} and ${max} for ${name} but received ${describe(value)}`);
  }
  return value;
}

function string(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string') fail(`Expected a string for ${name} but received ${describe(value)}`);
  if (value.length > maxLength)
    fail(`Expected at most ${maxLength} characters for ${name} but received ${value.length}`);
  return value;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`Expected one of ${allowed.join(', ')} for ${name} but received ${describe(value)}`);
  }
  return value as T;
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

/** "a string of 12 characters", "5 (number)": what was received, without echoing a huge or hostile value. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length > 80 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return `${String(value)} of type ${typeof value}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a value of type ${typeof value}`;
}
