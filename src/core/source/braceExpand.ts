/** Most names one pattern may expand to: a typo like {0..99999999} must not exhaust memory. */
const MAX_EXPANSION = 100_000;

/**
 * WebDataset's shard patterns, as its `braceexpand` reads them: `shard-{000..009}.tar` (numeric ranges, zero
 * padding kept as written) and `{a,b}` lists, several braces multiplying. Undefined when `pattern` has none.
 */
export function braceExpand(pattern: string): string[] | undefined {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return undefined;
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  const options = alternatives(match[1]);
  const tails = braceExpand(after) ?? [after];
  if (options.length * tails.length > MAX_EXPANSION)
    throw new RangeError(`the pattern ${pattern} names more than ${MAX_EXPANSION} files`);
  return options.flatMap((option) => tails.map((tail) => before + option + tail));
}

function alternatives(inside: string): string[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(inside);
  if (!range) return inside.split(',');
  const [from, to] = [Number(range[1]), Number(range[2])];
  const width = range[1].length === range[2].length ? range[1].length : 0;
  const step = from <= to ? 1 : -1;
  if (Math.abs(to - from) + 1 > MAX_EXPANSION)
    throw new RangeError(`the range {${inside}} names more than ${MAX_EXPANSION} files`);
  const out: string[] = [];
  for (let n = from; step > 0 ? n <= to : n >= to; n += step) out.push(String(n).padStart(width, '0'));
  return out;
}
