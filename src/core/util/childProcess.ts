import { fork, type ChildProcess, type Serializable, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { withoutTlsSetup } from './tlsFreeEnv';

/**
 * Every process Dataset Lens forks (analysis workers, the engine, export workers, the extension's job process)
 * starts the same way: its esbuild bundle once built, else its TypeScript entry through tsx (tests run from
 * source), with IPC in 'advanced' serialization so typed arrays cross without copying to JSON, and without
 * NODE_EXTRA_CA_CERTS in its environment (withoutTlsSetup: none of them opens a network connection).
 */
export interface ChildEntry {
  /** The folder the bundle is looked for in (dist/ once built). */
  bundleDir: string;
  /** The bundle's file name there, e.g. `worker.js`. */
  bundle: string;
  /** The TypeScript entry to run through tsx when there is no bundle. */
  source: string;
}

/** The script to fork and its Node flags: the bundle when it exists, else the source through tsx. */
export function childScript(
  entry: ChildEntry,
  nodeFlags: string[] = [],
): { script: string; execArgv: string[] } {
  const bundled = path.join(entry.bundleDir, entry.bundle);
  if (existsSync(bundled)) return { script: bundled, execArgv: nodeFlags };
  return { script: entry.source, execArgv: [...nodeFlags, '--import', 'tsx'] };
}

export interface ForkChildOptions extends ChildEntry {
  /** Node flags for the child (V8 heap sizes, --expose-gc). */
  nodeFlags?: string[];
  /** The child's environment (default: ours), less NODE_EXTRA_CA_CERTS. */
  env?: NodeJS.ProcessEnv;
  /**
   * 'inherit' (default): the child's stdout and stderr go to ours. 'tail': its stdout is dropped and the end of
   * its stderr kept, to say why it died (see exitError).
   */
  stderr?: 'inherit' | 'tail';
}

/** How much of a child's stderr is kept for the message when it dies. */
const STDERR_TAIL = 4000;

/** A forked child and a typed channel to it: the parent sends `Send` and receives `Receive`. */
export class ChildChannel<Send extends Serializable, Receive> {
  private stderrTail = '';
  private exitedAs: string | undefined;

  constructor(readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.once('exit', (code, signal) => (this.exitedAs = signal ?? `exit code ${code}`));
    // A failed send or kill surfaces as the exit (or was already answered): never as an uncaught 'error'.
    child.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get connected(): boolean {
    return this.child.connected;
  }

  /** Sends unless the channel has closed (the child died or was let go), where a send would fail; says which. */
  send(message: Send): boolean {
    if (!this.child.connected) return false;
    this.child.send(message);
    return true;
  }

  onMessage(handler: (message: Receive) => void): this {
    this.child.on('message', (message) => handler(message as Receive));
    return this;
  }

  onExit(handler: (code: number | null, signal: NodeJS.Signals | null) => void): this {
    this.child.on('exit', handler);
    return this;
  }

  /** Drops the exit handlers: a stop that was asked for is not a death to react to. */
  ignoreExit(): void {
    this.child.removeAllListeners('exit');
  }

  /** Resolves once the child has exited (at once if it has). */
  whenExited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** Closes the channel: a child that exits on 'disconnect' finishes what it is doing and goes. */
  disconnect(): void {
    if (this.child.connected) this.child.disconnect();
  }

  /**
   * Lets this process exit while the child runs, its channel open (as Node's unref(), for the channel too): a child
   * started ahead of need must not keep a process alive that turns out not to need it.
   */
  unref(): void {
    this.child.unref();
    this.child.channel?.unref();
  }

  /** Undoes unref(): the child's work keeps this process alive again. */
  ref(): void {
    this.child.ref();
    this.child.channel?.ref();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }

  /** "<what> (exit code 1): <end of its stderr>" for a child that has exited. */
  exitError(what: string): Error {
    const stderr = this.stderrTail.trim();
    return new Error(`${what} (${this.exitedAs ?? 'still running'})${stderr ? `: ${stderr}` : ''}`);
  }
}

export function forkChild<Send extends Serializable, Receive>(
  options: ForkChildOptions,
): ChildChannel<Send, Receive> {
  const { script, execArgv } = childScript(options, options.nodeFlags);
  const stdio: StdioOptions =
    options.stderr === 'tail' ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 2, 2, 'ipc'];
  const env = withoutTlsSetup(options.env ?? process.env);
  return new ChildChannel(fork(script, [], { serialization: 'advanced', execArgv, stdio, env }));
}

/** The child's end of the channel: it receives `Receive` and sends `Send`, nothing once the parent is gone. */
export interface ParentChannel<Send extends Serializable, Receive> {
  send(message: Send): void;
  onMessage(handler: (message: Receive) => void): void;
}

export function parentChannel<Send extends Serializable, Receive>(): ParentChannel<Send, Receive> {
  return {
    // The parent may be gone (a stop after a disconnect): a send would throw.
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (handler) => process.on('message', (message) => handler(message as Receive)),
  };
}
