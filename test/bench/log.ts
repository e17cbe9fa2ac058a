/** Progress goes to stderr, so stdout holds only the results. */
export function log(message: string): void {
  process.stderr.write(message + '\n');
}
