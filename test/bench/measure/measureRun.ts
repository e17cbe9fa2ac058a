import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readOrEmpty } from './procfs';
import { treeSampler, type TreePeak } from './treeSampler';

export const SAMPLE_EVERY_MS = 50;
const GNU_TIME = '/usr/bin/time';

export interface MeasuredRun extends TreePeak {
  code: number | null;
  timedOut: boolean;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** CPU seconds of processes outside the measured tree during the run. */
  backgroundCpuS: number;
  /** CPU this script spent sampling during the run. */
  monitorCpuMs: number;
  /** User + system seconds of the tool and every process it waited for (GNU time); NaN without GNU time. */
  toolCpuS: number;
}

/** Cores kept busy by other processes during a run: ~0 on a quiet machine. */
export function otherLoadOf(run: Pick<MeasuredRun, 'backgroundCpuS' | 'wallMs'>): number {
  return run.backgroundCpuS / (run.wallMs / 1000);
}

/**
 * Spawns a command, times it to exit and samples the memory of its process tree every SAMPLE_EVERY_MS.
 * When GNU time is there it wraps the command: the rusage it reports includes every descendant the tool waited
 * for (its workers), and CPU seconds are far less sensitive than wall time to other jobs on a shared machine.
 */
export function measure(cmd: string, argv: readonly string[], timeoutS: number): Promise<MeasuredRun> {
  stopRunsOnSignal();
  const cpuFile = path.join(os.tmpdir(), `dataset-lens-bench-${process.pid}.cpu`);
  const withTime = existsSync(GNU_TIME);
  const [file, fileArgs] = withTime
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...argv]]
    : [cmd, [...argv]];
  rmSync(cpuFile, { force: true });
  return new Promise((resolve, reject) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // Own process group, so a hung or interrupted run can be stopped with all its workers.
    const child = spawn(file, fileArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid === undefined) {
      child.on('error', reject);
      return;
    }
    running.add(pid);
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, timeoutS * 1000);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const sampler = treeSampler(pid, withTime);
    sampler.sample();
    const timer = setInterval(sampler.sample, SAMPLE_EVERY_MS);
    let wallMs = 0;
    child.on('error', (error) => {
      clearInterval(timer);
      clearTimeout(deadline);
      reject(error);
    });
    child.on('exit', () => {
      wallMs = performance.now() - started;
      clearInterval(timer);
      clearTimeout(deadline);
      running.delete(pid);
    });
    // 'close' comes after 'exit' once stdout is drained.
    child.on('close', (code) => {
      // This process only waits and samples, so its CPU time is what the sampling took from the tool.
      const cpu = process.cpuUsage(cpuBefore);
      resolve({
        code,
        timedOut,
        wallMs,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...sampler.peak,
        backgroundCpuS: sampler.backgroundCpuS(),
        monitorCpuMs: (cpu.user + cpu.system) / 1000,
        toolCpuS: withTime ? toolCpuSeconds(cpuFile) : NaN,
      });
    });
  });
}

/** User + system seconds written by GNU time (its last line: earlier ones may be the tool's exit status). */
function toolCpuSeconds(cpuFile: string): number {
  const last = readOrEmpty(cpuFile).trim().split('\n').pop() ?? '';
  rmSync(cpuFile, { force: true });
  const [user, system] = last.split(' ').map(Number);
  return Number.isFinite(user) && Number.isFinite(system) ? user + system : NaN;
}

/** Process groups of the runs in progress, stopped if the bench itself is interrupted. */
const running = new Set<number>();
let signalsHandled = false;

function stopRunsOnSignal(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const pid of running) killGroup(pid);
      process.exit(130);
    });
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
