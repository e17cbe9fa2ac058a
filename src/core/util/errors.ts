/** An error in what the user gave us (arguments, files, options): shown as-is, exit code 2 in the CLI. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A run that finished without making all it was asked for (some outputs failed): exit code 3 in the CLI. */
export class IncompleteError extends Error {
  override readonly name = 'IncompleteError';
}

/** Raised when the caller's AbortSignal fires; `signal`: the process signal that asked for it, if one did. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(readonly signal?: NodeJS.Signals) {
    super('Cancelled');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Message of any thrown value, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** "Expected <expected> for <option> but received <value> of type <type>", as sharp words it. */
export function invalidOption(option: string, expected: string, received: unknown): UsageError {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  return new UsageError(
    `Expected ${expected} for ${option} but received ${shown} of type ${typeof received}`,
  );
}

/** The message of a failed file system call; a path too long to open is said so, without the path itself. */
export function fileErrorMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENAMETOOLONG') return 'ENAMETOOLONG: the path is longer than the system allows (PATH_MAX)';
  return messageOf(error);
}
