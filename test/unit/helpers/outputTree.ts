import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every file an export wrote under `dir`, by relative path, with its bytes; its bookkeeping (.dataset-lens*) left
 * out, which differs between a run in one piece and one in shards.
 */
export function outputTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (entry.isFile() && !relative.startsWith('.dataset-lens')) files.set(relative, readFileSync(full));
  }
  return files;
}
