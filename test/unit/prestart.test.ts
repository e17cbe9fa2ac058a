import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planWorkers } from '../../src/core/engine/workerBudget';
import { workersToPrestart } from '../../src/cli/prestart';

const perCore = planWorkers(undefined, false).workers;
const withContent = planWorkers(undefined, true).workers;

test('workers are prestarted for a run that decodes every file: analyze or check with --no-cache', () => {
  const table: [string[], number][] = [
    [['analyze', 'data', '--no-cache', '--json'], perCore],
    [['analyze', '--no-cache', 'data'], perCore],
    [['check', 'data', '--no-cache'], perCore],
    [['analyze', 'data', '--no-cache', '--workers', '3'], 3],
    [['analyze', 'data', '--no-cache', '--workers=1'], 1],
    [['analyze', 'data', '--no-cache', '--workers', '0'], 0],
    [['analyze', 'data', '--no-cache', '--content'], withContent],
    [['analyze', 'data', '--no-cache', '--content', '--workers', '64'], planWorkers(64, true).workers],
  ];
  for (const [args, expected] of table) assert.equal(workersToPrestart(args), expected, args.join(' '));
});

test('no worker is prestarted where the run may need none, or the arguments are not understood', () => {
  const table: string[][] = [
    [],
    ['analyze', 'data', '--json'], // the cache may answer every file
    ['analyze', 'data', '--cache-dir', 'c'],
    ['merge', 'a.dlp', 'b.dlp', '--no-cache'],
    ['similar', 'data', 'a.png', '--no-cache'],
    ['analyze', 'data', '--no-cache', '--help'],
    ['analyze', '-h', '--no-cache'],
    ['analyze', 'data', '--no-cache', '--workers', 'many'],
    ['analyze', 'data', '--no-cache', '--workers'],
    ['analyze', 'data', '--no-cache', '--workers=-1'],
  ];
  for (const args of table) assert.equal(workersToPrestart(args), 0, args.join(' '));
});
