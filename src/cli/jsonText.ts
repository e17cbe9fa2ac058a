/**
 * JSON for stdout: indented for a person at a terminal, compact when piped to a file or a program (smaller, and
 * quicker to write and to parse).
 */
export function jsonText(value: unknown): string {
  return compactJson() ? JSON.stringify(value) : JSON.stringify(value, null, 2);
}

/** Whether jsonText writes compact JSON: stdout is not a terminal. */
export function compactJson(): boolean {
  return !process.stdout.isTTY;
}
