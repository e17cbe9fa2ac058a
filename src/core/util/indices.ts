/**
 * Index arrays built with plain loops. `Uint32Array.from({ length }, fn)` and typed-array `filter` go through
 * generic builtins with a callback per element: slow in code that runs once, at the end of a run, on one core
 * after the workers have finished.
 */

/** 0, 1, ..., count - 1. */
export function allIndices(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  return out;
}

/** The indices in 0..count-1 where `keep` is true, ascending. */
export function indicesWhere(count: number, keep: (i: number) => boolean): Uint32Array {
  const out = new Uint32Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) if (keep(i)) out[kept++] = i;
  return out.slice(0, kept);
}
