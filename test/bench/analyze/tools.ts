import { spawnSync } from 'node:child_process';
import { peerStatsArgs, PYTHON } from '../peers/peers';

/** One command the analysis bench times on every set. */
export interface ToolSpec {
  tool: string;
  /** dataset-lens (prints our JSON report) rather than the peer (its one JSON line). */
  ours: boolean;
  cmd: string;
  args: string[];
  /** Emptied before every run: what a user's first run costs. */
  freshCacheDir?: string;
  /** Emptied, then filled by one untimed run before the measured runs: what a re-run costs. */
  warmCacheDir?: string;
}

export interface CacheDirs {
  /** The warm-cache row's cache, filled by an untimed run. */
  warm: string;
  /** Emptied before each "first run". */
  firstRun: string;
}

/**
 * Whether the CLI keeps a per-image cache: the main comparison must then pass --no-cache (the peer decodes every
 * time), and separate rows show what a user's first run and a re-run cost.
 */
export function cliHasCache(cliPath: string): boolean {
  const help = spawnSync(process.execPath, [cliPath, 'analyze', '--help'], { encoding: 'utf8' }).stdout ?? '';
  return help.includes('--no-cache') && help.includes('--cache-dir');
}

/** Our run without cache first (what the peer is compared with), then the cached runs, then the peer's two. */
export function toolsFor(
  dir: string,
  cliPath: string,
  cache: CacheDirs | undefined,
  peerScript: string | undefined,
): ToolSpec[] {
  const ours = [cliPath, 'analyze', dir, '--json'];
  const tools: ToolSpec[] = [
    { tool: 'dataset-lens', ours: true, cmd: process.execPath, args: cache ? [...ours, '--no-cache'] : ours },
  ];
  if (cache) {
    tools.push({
      tool: 'dataset-lens first run',
      ours: true,
      freshCacheDir: cache.firstRun,
      cmd: process.execPath,
      args: [...ours, '--cache-dir', cache.firstRun],
    });
    tools.push({
      tool: 'dataset-lens warm cache',
      ours: true,
      warmCacheDir: cache.warm,
      cmd: process.execPath,
      args: [...ours, '--cache-dir', cache.warm],
    });
  }
  if (peerScript) {
    tools.push({ tool: PEER_PLAIN, ours: false, cmd: PYTHON, args: peerStatsArgs(peerScript, dir, false) });
    tools.push({ tool: PEER_QUALITY, ours: false, cmd: PYTHON, args: peerStatsArgs(peerScript, dir, true) });
  }
  return tools;
}

export const PEER_PLAIN = 'peer cv2 x2';
export const PEER_QUALITY = 'peer cv2 x2 +quality';
