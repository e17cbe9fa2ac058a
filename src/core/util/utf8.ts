/**
 * UTF-8 decoders for names (file names, path components). ignoreBOM: a U+FEFF at the start of a name is one of its
 * characters, not a byte order mark to drop (dropped, the file would not open by that name).
 */

/** Throws on bytes that are not valid UTF-8. */
export const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** U+FFFD for each invalid sequence. */
export const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
