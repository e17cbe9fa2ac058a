const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** A file-name component as bytes (what the OS gives) and as display text. */
export interface Name {
  bytes: Buffer;
  text: string;
  /** False when the bytes are not valid UTF-8: text then holds U+FFFD replacements and cannot be used to open. */
  valid: boolean;
}

export function nameFromBytes(bytes: Buffer): Name {
  try {
    return { bytes, text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { bytes, text: lossyUtf8.decode(bytes), valid: false };
  }
}
