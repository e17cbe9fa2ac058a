import { InvalidArgumentError } from 'commander';

/** Parser for an integer flag, with a message naming the flag and the value received. */
export function integerOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      throw new InvalidArgumentError(`Expected an integer ${range} for ${name} but received "${value}"`);
    }
    return n;
  };
}

/** The flag every command that reads a dataset folder takes (see ScanOptions.followExternalLinks). */
export const FOLLOW_EXTERNAL_LINKS = [
  '--follow-external-links',
  'follow symbolic links that lead outside the dataset folder (default: counted, not followed)',
] as const;
