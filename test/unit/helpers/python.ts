import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's interpreter (numpy, torch, torchvision installed): the reference our generated Python is checked with. */
export const PYTHON = '/usr/bin/python3';

/** Why Python checks cannot run here, or null when they can. */
export function pythonMissing(): string | null {
  if (!existsSync(PYTHON)) return `no ${PYTHON}`;
  return spawnSync(PYTHON, ['-c', 'import ast'], { encoding: 'utf8' }).status === 0
    ? null
    : `${PYTHON} cannot import ast`;
}

/** Runs a Python script with JSON on stdin and parses its JSON stdout; a failing script fails the test. */
export function runPython<T>(script: string, input: unknown, env: Record<string, string> = {}): T {
  const result = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
  });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
