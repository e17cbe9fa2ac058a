import { lossyUtf8, strictUtf8 } from '../util/utf8';

/** A file-name component as bytes (what the OS gives) and as display text. */
export interface Name {
  bytes: Buffer;
  text: string;
  /** False when the bytes are not valid UTF-8: text then holds U+FFFD replacements and cannot be used to open. */
  valid: boolean;
}

/** A name listed as a string that decoded cleanly: its bytes are made only when asked (rarely: symlinks, folders). */
class TextName implements Name {
  readonly valid = true;
  constructor(readonly text: string) {}
  get bytes(): Buffer {
    return Buffer.from(this.text);
  }
}

export function nameFromText(text: string): Name {
  return new TextName(text);
}

export function nameFromBytes(bytes: Buffer): Name {
  try {
    return { bytes, text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { bytes, text: lossyUtf8.decode(bytes), valid: false };
  }
}
