import * as nodePath from 'node:path';

/** How a file system spells and compares paths. */
export interface PathFlavour {
  style: 'posix' | 'win32';
  /** Names differ only in case are one name (Windows, macOS's default volumes). */
  ignoreCase: boolean;
}

/** This machine's flavour: Windows and macOS volumes ignore case by default, Linux ones do not. */
export const HOST_PATHS: PathFlavour = {
  style: process.platform === 'win32' ? 'win32' : 'posix',
  ignoreCase: process.platform === 'win32' || process.platform === 'darwin',
};

/**
 * Where `child` lies relative to `parent`, comparing whole segments after resolving `.`, `..` and trailing
 * separators (`/data/set2` is outside `/data/set`). Purely lexical: pass real paths when links matter.
 * @example pathRelation('/data/set/', '/data/set/a/../b') // 'inside'
 */
export function pathRelation(
  parent: string,
  child: string,
  flavour: PathFlavour = HOST_PATHS,
): 'same' | 'inside' | 'outside' {
  const p = flavour.style === 'win32' ? nodePath.win32 : nodePath.posix;
  const fold = (s: string) => (flavour.ignoreCase ? s.toLowerCase() : s);
  const outer = fold(p.resolve(parent));
  const inner = fold(p.resolve(child));
  if (inner === outer) return 'same';
  // resolve() keeps the separator only on a root ('/', 'C:\'), which already ends the prefix.
  const prefix = outer.endsWith(p.sep) ? outer : outer + p.sep;
  return inner.startsWith(prefix) ? 'inside' : 'outside';
}

/** True when `child` is `parent` or lies below it (see pathRelation). */
export function isWithin(parent: string, child: string, flavour: PathFlavour = HOST_PATHS): boolean {
  return pathRelation(parent, child, flavour) !== 'outside';
}

/** The flavour of a path style: this machine's when it uses that style, else the style's usual one. */
export function flavourOf(style: PathFlavour['style']): PathFlavour {
  return style === HOST_PATHS.style ? HOST_PATHS : { style, ignoreCase: style === 'win32' };
}
