import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's interpreter (numpy, torch, torchvision installed): the reference our generated Python is checked with. */
export const PYTHON = '/usr/bin/python3';

/** The reference modules most checks and the container fixtures use. */
export const NUMPY_PIL = { numpy: 'python3-numpy', PIL: 'python3-pil' };

/**
 * Why Python checks cannot run here, or null when they can: Debian's interpreter, and each reference module named
 * (module: the Debian package that brings it), so a fresh machine without them skips saying what to install.
 * @example pythonMissing({ sklearn: 'python3-sklearn' })
 */
export function pythonMissing(modules: Record<string, string> = {}): string | null {
  if (!existsSync(PYTHON)) return `no ${PYTHON}`;
  const names = Object.keys(modules);
  const imports = (list: string[]) =>
    spawnSync(PYTHON, ['-c', `import ${list.join(', ')}`], { encoding: 'utf8' }).status === 0;
  if (imports(['ast', ...names])) return null;
  if (!imports(['ast'])) return `${PYTHON} cannot import ast`;
  const missing = names.filter((name) => !imports([name]));
  const packages = [...new Set(missing.map((name) => modules[name]))].join(' ');
  return `${PYTHON} cannot import ${missing.join(', ')}: needs Debian ${packages} (.ci/run installs it)`;
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
