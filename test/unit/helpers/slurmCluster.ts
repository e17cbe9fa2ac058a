import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, availableParallelism } from 'node:os';
import * as path from 'node:path';

/**
 * A real single-node Slurm (Debian's slurm-wlm and munge), started for a test as root: config, state, logs and
 * pid files live in `dir` (SLURM_CONF points the daemons and the commands at it); munged is started only when none
 * runs. `stop()` ends what this started, by the PIDs in its pid files.
 */
export interface SlurmCluster {
  /** Environment for sbatch/squeue/scontrol (and the jobs, which inherit it). */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

const BINARIES = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/sbin/munged'];

/** Why a real Slurm cannot be started here, or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: the test starts slurmctld, slurmd and munged as root';
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length) return `missing ${missing.join(', ')} (apt-get install slurm-wlm munge)`;
  if (!existsSync('/etc/munge/munge.key')) return 'no /etc/munge/munge.key';
  return undefined;
}

export async function startSlurm(dir: string): Promise<SlurmCluster> {
  const host = hostname().split('.')[0];
  for (const sub of ['state', 'spool', 'log', 'run']) mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = path.join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=lens',
      `SlurmctldHost=${host}`,
      // Ports of our own: never meet a Slurm the machine may run already.
      'SlurmctldPort=16817',
      'SlurmdPort=16818',
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      'MpiDefault=none',
      'SchedulerType=sched/backfill',
      'MinJobAge=600',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/run/slurmctld.pid`,
      `SlurmdPidFile=${dir}/run/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      `NodeName=${host} CPUs=${availableParallelism()} RealMemory=2000 State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const pidFiles: string[] = [];
  if (!mungeAnswers()) {
    mkdirSync('/run/munge', { recursive: true });
    const munge = Number(execFileSync('id', ['-u', 'munge'], { encoding: 'utf8' }).trim());
    chownSync('/run/munge', munge, munge);
    execFileSync('su', ['-s', '/bin/sh', 'munge', '-c', '/usr/sbin/munged']);
    pidFiles.push('/run/munge/munged.pid');
  }
  const stop = () => {
    spawnSync('scancel', ['--user=root'], { env });
    const stopped: number[] = [];
    for (const file of [`${dir}/run/slurmd.pid`, `${dir}/run/slurmctld.pid`, ...pidFiles]) {
      if (!existsSync(file)) continue;
      const pid = Number(readFileSync(file, 'utf8').trim());
      try {
        if (pid > 1) process.kill(pid, 'SIGTERM');
        stopped.push(pid);
      } catch {
        // already gone
      }
    }
    // slurmctld saves its state while it exits: wait for the daemons before their folder is removed.
    const deadline = Date.now() + 15_000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (stopped.some(isAlive) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 50);
  };
  try {
    execFileSync('/usr/sbin/slurmctld', [], { env });
    execFileSync('/usr/sbin/slurmd', [], { env });
    await waitFor(
      () => spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim() === 'idle',
      60_000,
      'the node to be idle',
    );
  } catch (error) {
    stop();
    throw error;
  }
  return { env, stop };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mungeAnswers(): boolean {
  const credential = spawnSync('munge', ['-n'], { encoding: 'utf8' });
  return credential.status === 0 && spawnSync('unmunge', [], { input: credential.stdout }).status === 0;
}

/** Submits with sbatch --parsable; returns the job id. */
export function sbatch(cluster: SlurmCluster, cwd: string, args: string[]): string {
  return execFileSync('sbatch', ['--parsable', ...args], { cwd, env: cluster.env, encoding: 'utf8' })
    .trim()
    .split(';')[0];
}

/** Waits until every task of the job has left the queue; returns the states scontrol reports for its tasks. */
export async function waitForJob(cluster: SlurmCluster, id: string, timeoutMs: number): Promise<string[]> {
  let states: string[] = [];
  await waitFor(
    () => {
      const shown = spawnSync('scontrol', ['show', 'job', id, '-o'], {
        env: cluster.env,
        encoding: 'utf8',
      }).stdout;
      states = [...shown.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
      return (
        states.length > 0 &&
        states.every((s) => !['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING'].includes(s))
      );
    },
    timeoutMs,
    `job ${id}`,
  );
  return states;
}

async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
