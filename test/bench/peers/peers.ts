import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';

/** The peers are Debian's Python: numpy, OpenCV, PIL, torchvision. */
export const PYTHON = '/usr/bin/python3';

/**
 * The peers' folder: `../shared/peers` beside the project root (as in CI); in a git worktree elsewhere, beside
 * the main checkout.
 */
export function peersDir(): string {
  const beside = path.resolve(repoRoot, '..', 'shared', 'peers');
  if (existsSync(beside)) return beside;
  const git = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const mainCheckout = git.status === 0 ? path.dirname(git.stdout.trim()) : repoRoot;
  const besideMain = path.resolve(mainCheckout, '..', 'shared', 'peers');
  return existsSync(besideMain) ? besideMain : beside;
}

export interface Peer {
  script: string;
  /** Why it cannot run, or undefined when it can. */
  problem: string | undefined;
}

/** `peer_stats.py`: OpenCV (or PIL) statistics, the analysis bench's yardstick. */
export function statsPeer(): Peer {
  const script = path.join(peersDir(), 'peer_stats.py');
  return { script, problem: checkPeer(script, 'cv2, numpy', 'python3-opencv python3-numpy') };
}

/** `peer_augment.py`: torchvision + PIL export, the augmentation bench's yardstick. */
export function augmentPeer(): Peer {
  const script = path.join(peersDir(), 'peer_augment.py');
  return { script, problem: checkPeer(script, 'torchvision, PIL', 'python3-torchvision python3-pil') };
}

function checkPeer(script: string, modules: string, debianPackages: string): string | undefined {
  if (!existsSync(script)) return `${script} not found`;
  if (!existsSync(PYTHON)) return `${PYTHON} not found (install Debian python3 ${debianPackages})`;
  const probe = spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} cannot import ${modules} (apt-get install ${debianPackages})`;
  return undefined;
}

/** The command line of peer_stats.py on a folder: OpenCV, 2 processes, with or without its quality measures. */
export function peerStatsArgs(script: string, dir: string, quality: boolean): string[] {
  const args = [script, dir, '--impl', 'cv2', '--procs', '2'];
  return quality ? [...args, '--quality'] : args;
}

/** The command line of peer_augment.py: every image under `root`, `copies` augmented variants each, into `out`. */
export function peerAugmentArgs(script: string, root: string, out: string, copies: number): string[] {
  return [script, root, out, '--copies', String(copies)];
}

/** The one JSON line peer_stats.py prints. */
export interface PeerStatsOutput {
  images: number;
  seconds: number;
  mean: number[];
  std: number[];
  histogram: number[][];
}

/** The one JSON line peer_augment.py prints (its last line of output). */
export interface PeerAugmentOutput {
  written: number;
  seconds: number;
}

export function parsePeerAugmentOutput(stdout: string): PeerAugmentOutput {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as PeerAugmentOutput;
}

/** `peer_label_issues.py`: confident learning on a pixel classifier (scikit-learn), the label check's yardstick. */
export function labelIssuesPeer(): Peer {
  const script = path.join(peersDir(), 'peer_label_issues.py');
  return {
    script,
    problem: checkPeer(script, 'sklearn, numpy, PIL', 'python3-sklearn python3-numpy python3-pil'),
  };
}
