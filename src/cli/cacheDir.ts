import { homedir } from 'node:os';
import * as path from 'node:path';

/** The user cache folder (XDG on Linux, the platform's own elsewhere), never inside the dataset. */
export function defaultCacheDir(): string {
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'dataset-lens');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'dataset-lens');
  if (process.platform === 'win32' && process.env.LOCALAPPDATA)
    return path.join(process.env.LOCALAPPDATA, 'dataset-lens', 'Cache');
  return path.join(homedir(), '.cache', 'dataset-lens');
}
