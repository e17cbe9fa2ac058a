import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The real path a folder or file will have once created: the realpath of its deepest existing ancestor (links
 * resolved), with the missing tail appended.
 */
export function realpathOfFuturePath(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  while (!existsSync(current)) {
    missing.unshift(path.basename(current));
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return path.join(realpathSync(current), ...missing);
}
