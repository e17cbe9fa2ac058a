import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DatasetReport } from '../core/engine/report';

/** A webview showing one report; the webview script renders it from a message (no HTML built from data here). */
export function showReportPanel(context: vscode.ExtensionContext, report: DatasetReport): vscode.WebviewPanel {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel('datasetLens.report', `Dataset Lens: ${report.root.split(/[\\/]/).pop()}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [dist],
  });
  const nonce = randomBytes(16).toString('base64');
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${panel.webview.cspSource} data:; style-src ${panel.webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Dataset Lens</title></head>
<body><main id="app">Loading…</main><script nonce="${nonce}" src="${script}"></script></body></html>`;
  void panel.webview.postMessage({ type: 'report', report });
  return panel;
}
