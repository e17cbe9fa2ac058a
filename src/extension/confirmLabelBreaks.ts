import * as vscode from 'vscode';
import type { LabelSafetyReport } from '../core/probe/probeTypes';
import { exportQuestion } from '../core/probe/safetyText';

const EXPORT_ANYWAY = 'Export Anyway';

/**
 * Asks (modal) before an export while a step breaks labels, naming each such step and its pairs; true when
 * nothing breaks or the user chose to export anyway.
 */
export async function confirmLabelBreaks(safety: LabelSafetyReport | null): Promise<boolean> {
  const question = exportQuestion(safety);
  if (!question) return true;
  const choice = await vscode.window.showWarningMessage(
    `Dataset Lens: ${question.message}`,
    { modal: true, detail: question.detail },
    EXPORT_ANYWAY,
  );
  return choice === EXPORT_ANYWAY;
}
