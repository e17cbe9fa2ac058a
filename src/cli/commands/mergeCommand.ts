import type { Command } from 'commander';
import { mergeShardParts } from '../../core/engine/shardPart';
import { formatReport } from '../formatReport';
import { jsonText } from '../jsonText';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Combine the partials of `analyze --shard i/n --out f` into the report of a single run')
    .argument('<partials...>', 'partial files, one per shard')
    .option('--json', 'print one JSON document on stdout')
    .action((partials: string[], flags: { json?: boolean }) => {
      const report = mergeShardParts(partials);
      process.stdout.write(flags.json ? jsonText(report) + '\n' : formatReport(report) + '\n');
    });
}
