import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Log } from 'sarif';
import type { DatasetReport } from '../engine/report';
import { TOOL_VERSION } from '../engine/version';
import type { GateResult } from './gateRules';
import { RULE_DESCRIPTIONS } from './ruleDescriptions';

/**
 * The report as a SARIF 2.1.0 log, for code-scanning UIs: one result per listed finding, `error` for the kinds
 * the gate fails on, `note` for the others, plus an `imbalance` result when that rule failed. Locations are
 * relative to `baseDir` (the working folder: the repository root in CI) when the dataset lies inside it.
 */
export function sarifLog(report: DatasetReport, gate: GateResult, baseDir: string): Log {
  const run = new SarifRunBuilder().initSimple({
    toolDriverName: 'dataset-lens',
    toolDriverVersion: TOOL_VERSION,
  });
  const failing = new Set<string>(gate.rules);
  const used = new Set<string>(report.issues.map((issue) => issue.kind));
  const imbalance = gate.failures.find((f) => f.rule === 'imbalance');
  if (imbalance) used.add('imbalance');
  for (const id of [...used].sort())
    run.addRule(
      new SarifRuleBuilder().initSimple({
        ruleId: id,
        shortDescriptionText: RULE_DESCRIPTIONS[id as keyof typeof RULE_DESCRIPTIONS] ?? id,
      }),
    );
  for (const issue of report.issues)
    run.addResult(
      new SarifResultBuilder().initSimple({
        ruleId: issue.kind,
        level: failing.has(issue.kind) ? 'error' : 'note',
        messageText: `${issue.file}: ${issue.message}`,
        fileUri: artifactUri(path.join(report.root, issue.file), baseDir),
      }),
    );
  if (imbalance)
    run.addResult(
      new SarifResultBuilder().initSimple({
        ruleId: 'imbalance',
        level: 'error',
        messageText: `class imbalance ${imbalance.summary}`,
        fileUri: artifactUri(report.root, baseDir, true),
      }),
    );
  const builder = new SarifBuilder();
  builder.addRun(run);
  return builder.buildSarifOutput();
}

/** A relative URI with every path segment percent-encoded ('#', '%', spaces, non-ASCII); file:// outside baseDir. */
function artifactUri(file: string, baseDir: string, folder = false): string {
  const relative = path.relative(baseDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    return pathToFileURL(file).href + (folder ? '/' : '');
  const segments = relative.split(path.sep).filter(Boolean).map(encodeURIComponent);
  return segments.length ? segments.join('/') + (folder ? '/' : '') : './';
}
