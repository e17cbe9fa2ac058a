import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../core/util/errors';
import { isWithin } from '../../core/util/pathContainment';
import { realpathOfFuturePath } from '../../core/util/realPath';
import type { ExportAugmentedParams, ExportAugmentedResult } from '../../protocol/messages';
import { getSettings } from '../config';
import { sourceOptions } from '../settings';
import { JobClient, JobError } from '../jobs/jobClient';
import type { PanelServices } from './panelServices';

/**
 * Asks where to write, then runs the export in its own job process (the shared one stays free for previews),
 * with a cancellable notification. `out` skips the question (tests, scripted use).
 */
export async function runExport(
  services: PanelServices,
  root: string,
  params: ExportAugmentedParams,
  out: string | undefined,
  track: (controller: AbortController) => void,
  onProgress: (p: { done: number; total: number; failed: number }) => void,
): Promise<ExportAugmentedResult> {
  const target = out ?? (await askExportFolder(root));
  if (!target) return { status: 'cancelled' };
  const settings = getSettings(vscode.Uri.file(root));
  const controller = new AbortController();
  track(controller);
  const jobs = new JobClient(services.jobs.distDir, 1000);
  try {
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Dataset Lens: exporting to ${path.basename(target)}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          const summary = await jobs.run(
            {
              type: 'export',
              root,
              out: target,
              concurrency: settings.exportConcurrency,
              ...sourceOptions(settings),
              ...params,
            },
            {
              signal: controller.signal,
              onProgress: (p) => {
                onProgress(p);
                const percent = p.total ? (p.done / p.total) * 100 : 0;
                progress.report({ message: `${p.done}/${p.total}`, increment: percent - reported });
                reported = percent;
              },
            },
          );
          services.log.info(`Exported ${summary.written} file(s) to ${summary.out} in ${summary.seconds} s`);
          void vscode.window
            .showInformationMessage(
              `Dataset Lens: wrote ${summary.written} augmented image(s) to ${summary.out}`,
              'Reveal in Explorer',
            )
            .then((choice) => {
              if (choice)
                void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(summary.manifest));
            });
          return {
            status: 'done' as const,
            out: summary.out,
            written: summary.written,
            outputs: summary.outputs,
            failed: summary.failed,
            seconds: summary.seconds,
          };
        } catch (error) {
          if (error instanceof CancelledError) return { status: 'cancelled' as const };
          if (error instanceof JobError && error.issues)
            return { status: 'invalid' as const, issues: error.issues };
          throw error;
        }
      },
    );
  } finally {
    jobs.dispose();
  }
}

async function askExportFolder(root: string): Promise<string | undefined> {
  const suggestion = `${root.replace(/[\\/]+$/, '')}-augmented`;
  const answer = await vscode.window.showInputBox({
    title: 'Export augmented dataset',
    prompt: 'Output folder (absolute path): new, empty, or an earlier export of the same settings to resume',
    value: suggestion,
    valueSelection: [suggestion.length - 'augmented'.length, suggestion.length],
    validateInput: (value) => {
      if (!path.isAbsolute(value)) return 'Give an absolute path';
      return outputOverlapsDataset(root, value);
    },
  });
  return answer?.trim() || undefined;
}

/** Why `out` cannot receive an export of `root` (links resolved), or undefined; the export re-checks every folder. */
function outputOverlapsDataset(root: string, out: string): string | undefined {
  try {
    const [realRoot, realOut] = [realpathOfFuturePath(root), realpathOfFuturePath(out)];
    if (isWithin(realRoot, realOut)) return 'The output must not be inside the dataset';
    if (isWithin(realOut, realRoot)) return 'The output must not contain the dataset';
  } catch {
    // An unreadable path: the export itself says what is wrong with it.
  }
  return undefined;
}
