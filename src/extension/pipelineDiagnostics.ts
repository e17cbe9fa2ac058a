import * as vscode from 'vscode';
import type { DatasetReport } from '../core/engine/report';
import { pipelineDiagnostics } from '../core/pipeline/pipelineDiagnostics';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
} as const;

const isPipeline = (document: vscode.TextDocument) => document.uri.path.endsWith('.pipeline.json');

/**
 * Problems in open `*.pipeline.json` files: validation errors at the option, and label-breaking warnings on the
 * transform, judged against the dataset of the active (or any) analysed panel. Recomputed as the file is edited
 * and when a panel's report changes.
 */
export function registerPipelineDiagnostics(
  context: vscode.ExtensionContext,
  currentReport: () => Promise<DatasetReport | null | undefined>,
  onReportsChanged: vscode.Event<void>,
): void {
  const collection = vscode.languages.createDiagnosticCollection('datasetLens.pipeline');
  const timers = new Map<string, NodeJS.Timeout>();
  const refresh = async (document: vscode.TextDocument) => {
    if (!isPipeline(document)) return;
    const text = document.getText();
    const report = await currentReport();
    const found = pipelineDiagnostics(text, report);
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
