/**
 * Small validators for the params of messages from the untrusted webview (sharp's `is.*` style): each returns the
 * value it accepted, or throws `InvalidMessage` with what was expected and what was received. No `vscode`, no
 * Node modules: the descriptors in messages.ts (bundled into the webview too) use them.
 */

export const LIMITS = {
  /** Characters in all strings of one message together. */
  totalChars: 2_000_000,
  /** Objects, arrays and primitives in one message. */
  nodes: 20_000,
  depth: 24,
  pathChars: 4096,
  filesPerThumbnailRequest: 256,
  /** Files one Quality-tab action (exclude, move, quarantine, export) may name. */
  filesPerAction: 10_000,
  copyTextChars: 1_000_000,
  pipelineChars: 256_000,
  pipelineNodes: 5_000,
  pipelineDepth: 8,
  maxSeed: 0x7fffffff,
  /** Preview picture keys the panel may say it holds (a grid has at most 16 classes x 16 files x 9 cells). */
  heldPictures: 4096,
} as const;

/** A message that breaks the protocol; its text says what was expected and what came. */
export class InvalidMessage extends Error {}

export function fail(message: string): never {
  throw new InvalidMessage(message);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function plainObject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(`Expected an object for ${name} but received ${describe(value)}`);
  return value;
}

/** The params of a message that has none: nothing, null or an empty-or-not plain object, rebuilt as `{}`. */
export function noParams(params: unknown): Record<string, never> {
  if (params !== undefined && params !== null) plainObject(params, 'params');
  return {};
}

export function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`Expected an integer between ${min} and ${max} for ${name} but received ${describe(value)}`);
  }
  return value;
}

export function string(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string') fail(`Expected a string for ${name} but received ${describe(value)}`);
  if (value.length > maxLength)
    fail(`Expected at most ${maxLength} characters for ${name} but received ${value.length}`);
  return value;
}

export function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(`Expected true or false for ${name} but received ${describe(value)}`);
  return value;
}

export function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`Expected one of ${allowed.join(', ')} for ${name} but received ${describe(value)}`);
  }
  return value as T;
}

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

/** A list of dataset-relative paths, one to `most`. */
export function fileList(value: unknown, most: number): string[] {
  if (!Array.isArray(value)) fail(`Expected an array for files but received ${describe(value)}`);
  if (value.length === 0) fail('Expected at least one file');
  if (value.length > most) fail(`Expected at most ${most} files but received ${value.length}`);
  return value.map((f, i) => relativePath(f, `files[${i}]`));
}

/** Keys of preview pictures (PreviewImage.key: base64url, at most 64 characters), at most LIMITS.heldPictures. */
export function pictureKeys(value: unknown): string[] {
  if (!Array.isArray(value)) fail(`Expected an array for held but received ${describe(value)}`);
  if (value.length > LIMITS.heldPictures)
    fail(`Expected at most ${LIMITS.heldPictures} keys for held but received ${value.length}`);
  return value.map((key, i) => {
    const text = string(key, `held[${i}]`, 64);
    if (!/^[A-Za-z0-9_-]+$/.test(text))
      fail(`Expected a picture key for held[${i}] but received ${describe(text)}`);
    return text;
  });
}

export function pipelineParams(params: unknown): { pipeline: Record<string, unknown> } {
  const p = plainObject(params, 'params');
  return { pipeline: pipelineDocument(p.pipeline) };
}
