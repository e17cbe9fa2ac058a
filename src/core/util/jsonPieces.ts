/** Bytes per piece, about: large enough that writing them costs nothing extra, small next to a large report. */
const PIECE_BYTES = 1 << 20;
/** Array elements written by one JSON.stringify call: a report's arrays hold small records. */
const ELEMENTS_PER_CALL = 2048;

/**
 * The bytes of JSON.stringify(value), in pieces of about a megabyte to write one after the other. A million-image
 * report's JSON is tens of megabytes: as one string, then one Buffer, then one more with a header before it, it
 * was the last peak of a run's memory. Objects are walked key by key and arrays a few thousand elements at a time,
 * so no string longer than a piece's worth of elements is made. No replacer, no indent.
 */
export function jsonPieces(value: unknown): Buffer[] {
  const pieces: Buffer[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  const emit = (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= PIECE_BYTES) flush();
  };
  const flush = () => {
    if (pendingLength === 0) return;
    pieces.push(Buffer.from(pending.join('')));
    pending = [];
    pendingLength = 0;
  };

  // `value` has had its toJSON applied (JSON.stringify applies it once).
  const write = (value: unknown): void => {
    if (Array.isArray(value)) {
      emit('[');
      for (let start = 0; start < value.length; start += ELEMENTS_PER_CALL) {
        const text = JSON.stringify(value.slice(start, start + ELEMENTS_PER_CALL));
        emit((start > 0 ? ',' : '') + text.slice(1, -1));
      }
      emit(']');
    } else if (value !== null && typeof value === 'object' && !isBoxedPrimitive(value)) {
      emit('{');
      let first = true;
      for (const name of Object.keys(value)) {
        const member = withToJson(name, (value as Record<string, unknown>)[name]);
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        emit((first ? '' : ',') + JSON.stringify(name) + ':');
        first = false;
        write(member);
      }
      emit('}');
    } else {
      // Primitives (and what JSON has no word for, at the top: undefined, functions) as JSON.stringify writes them.
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) throw new TypeError('jsonPieces: the value has no JSON form');
      emit(text);
    }
  };
  write(withToJson('', value));
  flush();
  return pieces;
}

/**
 * What JSON.stringify writes for a value that has a toJSON method (a Date, a Buffer): that method's result. (Inside
 * arrays JSON.stringify calls it, with the index within the slice as its key: a report has no toJSON that reads it.)
 */
function withToJson(key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return (toJson as (key: string) => unknown).call(value, key);
  }
  return value;
}

function isBoxedPrimitive(value: object): boolean {
  return value instanceof Number || value instanceof String || value instanceof Boolean;
}
