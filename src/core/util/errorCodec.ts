import { CancelledError, UsageError } from './errors';

/**
 * An error as it crosses a process boundary. The IPC channel's structured clone keeps an Error's message and
 * (for built-in kinds) its class, but not our classes, nor `code`: each side sends this instead.
 */
export interface WireError {
  name: string;
  message: string;
  /** Node's error code (`EACCES`, `ENOSPC`...) when the error had one. */
  code?: string;
  /** Where it was thrown, in the other process. */
  stack?: string;
}

/** Any thrown value as a WireError. */
export function encodeError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') wire.code = code;
  if (error.stack) wire.stack = error.stack;
  return wire;
}

/** Built-in error classes a WireError comes back as, so `instanceof` works as it did in the other process. */
const BUILT_IN: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  URIError,
  EvalError,
};

/** The error again, in this process: UsageError and CancelledError keep their class (callers branch on them). */
export function decodeError(wire: WireError): Error {
  const error = errorOfKind(wire);
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}

function errorOfKind({ name, message }: WireError): Error {
  if (name === 'UsageError') return new UsageError(message);
  if (name === 'CancelledError') return new CancelledError();
  const error = new (BUILT_IN[name] ?? Error)(message);
  error.name = name;
  return error;
}
