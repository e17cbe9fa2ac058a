import type { Command } from 'commander';
import { mergeShardPartsWithMap } from '../../core/engine/shardPart';
import { withCancellation } from '../cancellation';
import { formatReport } from '../formatReport';
import { jsonText } from '../jsonText';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Combine the shard parts of `analyze --shard i/n --out f` into the report of a single run')
    .argument('<parts...>', 'shard part files (.dlp), one per shard')
    .option('--json', 'print one JSON document on stdout')
    .action(async (parts: string[], flags: { json?: boolean }) => {
      const report = await withCancellation((signal) => mergeShardPartsWithMap(parts, { signal }));
      process.stdout.write(flags.json ? jsonText(report) + '\n' : formatReport(report) + '\n');
    });
}
