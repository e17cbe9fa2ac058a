import { createHash } from 'node:crypto';

/** Longest file name (in UTF-8 bytes) of ext4, APFS, and of NTFS (UTF-16 units, never more than the bytes). */
const NAME_MAX_BYTES = 255;

/** The hidden temporary name an output is written under before its rename. */
export function tempNameOf(name: string): string {
  return `.${name}.partial`;
}

/** Longest output name whose temporary name still fits NAME_MAX_BYTES. */
const OUTPUT_NAME_MAX_BYTES = NAME_MAX_BYTES - Buffer.byteLength(tempNameOf(''));

const HASH_CHARS = 10;

/**
 * `stem + ending` as an output name that fits the file system: unchanged when short enough, else the stem is cut
 * (by bytes, between code points) and followed by `~` and a hash of the whole name, so two long names never share
 * an output and the same name always gives the same one. The ending (`_aug0.png`) is kept whole.
 * @example outputName('a'.repeat(300), '_aug0.png') // 'aaa…a~3f9c0d12ab_aug0.png' (246 bytes)
 */
export function outputName(stem: string, ending: string): string {
  const whole = stem + ending;
  if (Buffer.byteLength(whole) <= OUTPUT_NAME_MAX_BYTES) return whole;
  const hash = createHash('sha256').update(whole).digest('hex').slice(0, HASH_CHARS);
  const tail = `~${hash}${ending}`;
  return cutToBytes(stem, OUTPUT_NAME_MAX_BYTES - Buffer.byteLength(tail)) + tail;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends between two code points. */
function cutToBytes(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}
