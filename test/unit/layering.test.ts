/**
 * The layering rules of eslint.config.mjs, checked on small sources as if they stood in each layer: what must be
 * refused is refused, what is allowed passes (a rule that matched nothing would let everything through).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

/** The messages of the import rules for `code` linted as the file `file`. */
async function importProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages
    .filter((m) => m.ruleId?.endsWith('no-restricted-imports'))
    .map((m) => `${m.line}: ${m.message}`);
}

describe('layering (eslint.config.mjs)', () => {
  it('src/core imports neither the CLI, nor the extension, nor the panel protocol, nor vscode', async () => {
    const problems = await importProblems(
      'src/core/engine/layerProbe.ts',
      [
        "import { getSettings } from '../../extension/config';",
        "import type { Thing } from '../../cli/main';",
        "import * as vscode from 'vscode';",
        "import { messageOf } from '../util/errors';",
        "import type { Envelope } from '../../protocol/rpc';",
        'export const all = [getSettings, vscode, messageOf] as unknown as [Thing, Envelope];',
      ].join('\n'),
    );
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['1', '2', '3', '5'],
      problems.join('\n'),
    );
  });

  it('src/protocol and src/cli do not import the extension', async () => {
    const code = "import { getSettings } from '../extension/config';\nexport const s = getSettings;\n";
    assert.equal((await importProblems('src/protocol/layerProbe.ts', code)).length, 1);
    assert.equal((await importProblems('src/cli/layerProbe.ts', code)).length, 1);
  });

  it('the webview imports only types from src/core, and neither the extension nor the CLI', async () => {
    const problems = await importProblems(
      'webview/components/layerProbe.ts',
      [
        "import type { DatasetReport } from '../../src/core/engine/report';",
        "import { messageOf } from '../../src/core/util/errors';",
        "import { getSettings } from '../../src/extension/config';",
        "import { ToHost } from '../../src/protocol/messages';",
        "import { run } from '../../src/cli/main';",
        'export const all: unknown[] = [messageOf, getSettings, ToHost, run, null as DatasetReport | null];',
      ].join('\n'),
    );
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['2', '3', '5'],
      problems.join('\n'),
    );
  });

  it('per-image records import neither the engine, the cache nor the content model; the cache not the engine', async () => {
    const code = [
      "import type { DatasetReport } from '../engine/report';",
      "import { CacheReader } from '../cache/recordCache';",
      "import type { ContentRecord } from '../content/contentModel';",
      "import { pooledCounts } from '../stats/imageHistogram';",
      "import type { FileResult } from '../records/fileResult';",
      "import { getSettings } from '../../extension/config';",
      'export const all = [CacheReader, pooledCounts, getSettings] as unknown as [DatasetReport, ContentRecord, FileResult];',
    ].join('\n');
    const lines = async (file: string) => (await importProblems(file, code)).map((p) => p.split(':')[0]);
    assert.deepEqual(await lines('src/core/records/layerProbe.ts'), ['1', '2', '3', '6']);
    assert.deepEqual(await lines('src/core/cache/layerProbe.ts'), ['1', '3', '6']);
    assert.deepEqual(await lines('src/core/engine/layerProbe.ts'), ['6']);
  });
});
