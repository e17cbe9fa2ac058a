import * as vscode from 'vscode';

/** Activation only registers commands; the engine is loaded lazily when a command first runs. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('datasetLens.analyzeFolder', async (uri?: vscode.Uri) => {
      const { analyzeFolderCommand } = await import('./analyzeFolderCommand');
      await analyzeFolderCommand(context, uri);
    }),
  );
}

export function deactivate(): void {
  // Nothing to release: panels and workers are disposed through context.subscriptions.
}
