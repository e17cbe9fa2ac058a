/**
 * A copy with every typed array as a plain array, to compare results by their values: a histogram read back from
 * a batch or a cache frame may be 16-bit where the original was 32-bit (see ImageHistogram.counts).
 */
export function plainArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plainArrays);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainArrays(item)]));
  return value;
}
