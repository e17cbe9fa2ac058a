/**
 * `npm run try`: the same code-server the e2e tests use, with Dataset Lens installed and a workspace holding the
 * sample dataset, on 127.0.0.1. Prints the URL; Ctrl-C stops it (the whole process group) and removes the sandbox.
 */
import { rmSync } from 'node:fs';
import { createSandbox, ensureCodeServer, startCodeServer, workbenchUrl } from './codeServer';

async function main(): Promise<void> {
  ensureCodeServer();
  const sandbox = createSandbox(process.env.THEME ?? 'Default Dark Modern');
  const port = Number(process.env.PORT ?? 8080);
  const server = await startCodeServer(sandbox, port);
  process.stdout.write(
    `\nDataset Lens in VS Code (code-server): ${workbenchUrl(server, sandbox.workspace)}\n`,
  );
  process.stdout.write(
    'Try: Command Palette > "Dataset Lens: Analyze Folder…" > sample, or right-click sample/ in the Explorer.\n',
  );
  process.stdout.write('Ctrl-C stops it.\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    rmSync(sandbox.dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  server.process.on('exit', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
