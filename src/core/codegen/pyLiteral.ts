/**
 * The one way Dataset Lens writes Python literals (export-code, the panel's copy buttons, Export Normalization
 * Stats). User-derived text (class names, CSV labels, paths, file names) enters generated code only through
 * `pyStr` or `pyComment`, so a newline, quote or control character in a folder name can never become code.
 */

import { strictUtf8 } from '../util/utf8';

/** Python's repr() of a float: the shortest digits that round-trip, in repr's layout (1e-07, 1.5e+16, 2.0). */
export function pyFloat(value: number, significant?: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (value === Infinity) return 'float("inf")';
  if (value === -Infinity) return '-float("inf")';
  const v = significant === undefined ? value : Number(value.toPrecision(significant));
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest round-trip digits, as repr does.
  const [mantissa, exponentText] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = v < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A Python int; anything but a safe integer is a bug in the caller. */
export function pyInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`pyInt: expected an integer, received ${value}`);
  return String(value);
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

export const PY_NONE = 'None';

/**
 * A double-quoted Python str literal of `text`. Characters Python's repr() would escape (controls, line and
 * paragraph separators, bidi and zero-width format characters, lone surrogates, non-space blanks) are escaped,
 * so the literal is one line and reads as what it holds; printable non-ASCII stays readable. Bytes that are not
 * valid UTF-8 become surrogate escapes (\udcXX), what os.fsdecode gives, so the same file name opens in Python.
 */
export function pyStr(text: string | Uint8Array): string {
  const value = typeof text === 'string' ? text : decodeSurrogateEscape(text);
  let out = '"';
  for (const ch of value) out += ch === '"' ? '\\"' : escapeChar(ch);
  return `${out}"`;
}

/** A Python bytes literal: printable ASCII as is, everything else as \xNN. */
export function pyBytes(bytes: Uint8Array): string {
  let out = 'b"';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch in SHORT_ESCAPES) out += SHORT_ESCAPES[ch];
    else if (b >= 0x20 && b < 0x7f) out += ch;
    else out += `\\x${hex(b, 2)}`;
  }
  return `${out}"`;
}

/**
 * A `#` comment line. Anything that could end the line or hide text (newlines, U+2028, bidi controls, NUL...) is
 * escaped as in a string literal. Put user text in with pyStr as well, so a reader sees where it starts and ends.
 */
export function pyComment(text: string): string {
  let out = '# ';
  // A backslash cannot end a comment: only what Python or an editor would take as a line end or hidden text.
  for (const ch of text) out += ch === '\\' ? ch : escapeChar(ch);
  return out;
}

/** `[a, b]` from literals made by the functions above. */
export function pyList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** `(a, b)`; a one-element tuple keeps its comma. */
export function pyTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** `{k: v}` from key and value literals. */
export function pyDict(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

export function pyFloats(values: readonly number[], significant?: number): string {
  return pyList(values.map((v) => pyFloat(v, significant)));
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** What str.isprintable() rejects: every "other" (C*) and separator (Z*) code point except the plain space. */
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;

function escapeChar(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short) return short;
  if (ch === ' ' || !NOT_PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  if (code <= 0xffff) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** UTF-8 decoding with Python's surrogateescape handler: each byte outside a valid sequence becomes U+DC00 + byte. */
function decodeSurrogateEscape(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i += 1;
    } else {
      out += strictUtf8.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence starting at `i` (Unicode table 3-7), or 0. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
