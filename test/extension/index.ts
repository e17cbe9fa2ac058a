/**
 * Entry of the extension-host tests (extensionTestsPath): VS Code calls run() inside the real extension host.
 * Results go to results.json beside this file, which the e2e driver (test/e2e/vscode.e2e.test.ts) reads.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'commands.test.js'));
  const outcomes: Outcome[] = [];
  const out = path.join(__dirname, 'results.json');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeFileSync(out, JSON.stringify({ failures, outcomes }, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, error: Error) =>
      outcomes.push({
        title: t.fullTitle(),
        state: 'failed',
        ms: t.duration ?? 0,
        error: error.stack ?? error.message,
      }),
    );
  });
}
