import type * as vscode from 'vscode';
import type { JobClient } from '../jobs/jobClient';

/** Shared services every panel uses (one job process for the window). */
export interface PanelServices {
  context: vscode.ExtensionContext;
  jobs: JobClient;
  log: vscode.LogOutputChannel;
}
