import * as vscode from 'vscode';
import type { DatasetReport } from '../core/engine/report';
import { pipelineDiagnostics } from '../core/pipeline/pipelineDiagnostics';
import type { ProbeRun } from '../core/probe/withMeasurements';

/** The analysed dataset a pipeline file is judged against, with the last probe run on it. */
export interface JudgingDataset {
  report: DatasetReport;
  probe: ProbeRun | null;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
} as const;

const isPipeline = (document: vscode.TextDocument) => document.uri.path.endsWith('.pipeline.json');

/**
 * Problems in open `*.pipeline.json` files: validation errors at the option, and label-safety warnings with their
 * pairs on the transform, judged against an analysed dataset (`datasetFor`): the rules' verdicts at once, the
 * measured ones once a probe ran. Recomputed as the file is edited and when a panel's report or probe changes.
 */
export function registerPipelineDiagnostics(
  context: vscode.ExtensionContext,
  datasetFor: (file: string) => Promise<JudgingDataset | undefined>,
  onReportsChanged: vscode.Event<void>,
): void {
  const collection = vscode.languages.createDiagnosticCollection('datasetLens.pipeline');
  const timers = new Map<string, NodeJS.Timeout>();
  const refresh = async (document: vscode.TextDocument) => {
    if (!isPipeline(document)) return;
    const text = document.getText();
    const dataset = await datasetFor(document.uri.fsPath);
    const found = pipelineDiagnostics(text, dataset?.report, dataset?.probe);
    collection.set(
      document.uri,
      found.map((d) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(document.positionAt(d.start), document.positionAt(d.end)),
          d.message,
          SEVERITY[d.severity],
        );
        diagnostic.source = 'Dataset Lens';
        return diagnostic;
      }),
    );
  };
  const later = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => void refresh(document), 300),
    );
  };
  const refreshAll = () => vscode.workspace.textDocuments.forEach((d) => void refresh(d));
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    onReportsChanged(refreshAll),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  refreshAll();
}
