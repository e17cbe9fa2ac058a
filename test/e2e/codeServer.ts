/**
 * Runs the extension in a real VS Code: code-server (installed under .vscode-test/ by
 * scripts/e2e/install-code-server.sh) with a sandboxed HOME, user data and extensions folder, and a workspace
 * holding a copy of the bundled sample dataset. See ../shared/guide/real-vscode.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const PROJECT = path.resolve(__dirname, '..', '..');
export const CODE_SERVER_ENTRY = path.join(
  PROJECT,
  '.vscode-test',
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** Installs code-server (and, as root, the Debian packages it needs) unless already there. */
export function ensureCodeServer(): void {
  const result = spawnSync('bash', [path.join(PROJECT, 'scripts', 'e2e', 'install-code-server.sh')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`install-code-server.sh failed with exit code ${result.status}`);
}

export interface Sandbox {
  dir: string;
  workspace: string;
  userData: string;
  extensions: string;
  home: string;
  artifacts: string;
}

/**
 * A temp folder with a workspace (sample/ = media/sample) and the profile folders code-server writes to; the
 * extension is this checkout, linked into the extensions folder, unless `linkProject` is false (installVsix then).
 */
export function createSandbox(theme = 'Default Light Modern', { linkProject = true } = {}): Sandbox {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-e2e-'));
  const sandbox: Sandbox = {
    dir,
    workspace: path.join(dir, 'workspace'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    home: path.join(dir, 'home'),
    artifacts: path.join(PROJECT, 'test-artifacts'),
  };
  for (const d of [
    sandbox.workspace,
    sandbox.userData,
    sandbox.extensions,
    sandbox.home,
    path.join(dir, 'tmp'),
    sandbox.artifacts,
  ]) {
    mkdirSync(d, { recursive: true });
  }
  cpSync(path.join(PROJECT, 'media', 'sample'), path.join(sandbox.workspace, 'sample'), { recursive: true });
  // Installed the way a user has it (an extension folder in the extensions dir; this one links to the build).
  // Windows opened as Extension Development Host load no built-in themes in code-server, so only the
  // extension-host tests use that mode.
  if (linkProject) symlinkSync(PROJECT, installedExtension(sandbox));
  writeSettings(sandbox, theme);
  return sandbox;
}

/** Where the extension lives in the sandbox's extensions folder (as VS Code names it: publisher.name-version). */
export function installedExtension(sandbox: Sandbox): string {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  return path.join(sandbox.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
}

/** Installs a VSIX the way a user does (`code-server --install-extension`), into the sandbox's profile. */
export function installVsix(sandbox: Sandbox, vsix: string): void {
  const result = spawnSync(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--install-extension',
      vsix,
      '--extensions-dir',
      sandbox.extensions,
      '--user-data-dir',
      sandbox.userData,
    ],
    { env: sandboxEnv(sandbox), encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0 || !/successfully installed/.test(result.stdout))
    throw new Error(
      `--install-extension ${vsix} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
}

/** User settings: a quiet workbench (no welcome page, tips, trust prompts or chat) in the given colour theme. */
export function writeSettings(sandbox: Sandbox, theme: string): void {
  const user = path.join(sandbox.userData, 'User');
  mkdirSync(user, { recursive: true });
  const settings = {
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.ignoreRecommendations': true,
    'chat.commandCenter.enabled': false,
    'chat.disableAIFeatures': true,
    'files.simpleDialog.enable': true,
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
  };
  writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 2));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

/** Starts code-server in its own process group (stopped as a group: it leaves watchers and extension hosts). */
export async function startCodeServer(sandbox: Sandbox, port: number): Promise<RunningServer> {
  const env = sandboxEnv(sandbox);
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    sandbox.userData,
    '--extensions-dir',
    sandbox.extensions,
    sandbox.workspace,
  ];
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.pid === undefined) return;
    const group = -child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      try {
        process.kill(group, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // gone
    }
  };
  return { url, port, process: child, log: () => output, stop };
}

/** code-server's environment: HOME, XDG folders and TMPDIR inside the sandbox, so nothing leaks into ~. */
function sandboxEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: sandbox.home,
    XDG_CONFIG_HOME: path.join(sandbox.home, '.config'),
    XDG_DATA_HOME: path.join(sandbox.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(sandbox.home, '.cache'),
    TMPDIR: path.join(sandbox.dir, 'tmp'),
    VSCODE_PROXY_URI: '',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** The workbench URL opening `folder` (with the installed extension). */
export function workbenchUrl(server: RunningServer, folder: string): string {
  return `${server.url}/?folder=${encodeURIComponent(folder)}`;
}

/**
 * The workbench URL that runs `extensionTestsPath`'s run() inside the extension host, with this project as the
 * extension under development (as @vscode/test-electron does); the window closes itself when done.
 */
export function extensionTestsUrl(server: RunningServer, folder: string, extensionTestsPath: string): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(PROJECT)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
  return `${workbenchUrl(server, folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
