import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDeepStrictEqual } from 'node:util';
import type { DatasetReport } from '../../core/engine/report';
import type { Pipeline } from '../../core/pipeline/pipelineTypes';
import { PipelineError, validatePipeline } from '../../core/pipeline/validatePipeline';
import type { LabelSafetyReport } from '../../core/probe/probeTypes';
import type { ProbeRun } from '../../core/probe/withMeasurements';
import { CancelledError, messageOf } from '../../core/util/errors';
import type { PipelineDocument, PipelineIssueView, ProbeStatusView } from '../../protocol/messages';
import { getSettings } from '../config';
import { sourceOptions } from '../settings';
import { JobClient, JobError } from '../jobs/jobClient';
import type { JobProgress } from '../jobs/jobProtocol';
import type { PanelServices } from './panelServices';
import { datasetStamp, ProbeMemory, type DatasetStamp } from './probeMemory';

export type ProbeOutcome =
  | { status: 'done'; report: LabelSafetyReport }
  | { status: 'cancelled' }
  | { status: 'invalid'; issues: PipelineIssueView[] }
  | { status: 'failed'; message: string };

/**
 * The label-safety probe of one panel's dataset: runs `dataset-lens probe`'s measurement in a job process of its
 * own (previews stay responsive while it trains), with a cancellable notification, and keeps the last result
 * (in the workspace state too, for the same dataset after a window reload). `onChange` hears every start,
 * progress step and end, and a result restored or dropped.
 */
export class PanelProbe {
  private last: ProbeRun | null = null;
  private running: AbortController | undefined;
  private state: ProbeStatusView = { running: null, error: null };
  private readonly memory: ProbeMemory;
  /** The dataset as its latest analysis saw it, and as it was when the last result was measured. */
  private analysed: DatasetStamp | null = null;
  private measuredOn: DatasetStamp | null = null;
  private lastDocument: PipelineDocument | null = null;

  constructor(
    private readonly services: PanelServices,
    private readonly root: string,
    private readonly onChange: () => void,
  ) {
    this.memory = new ProbeMemory(services.context.workspaceState, root);
  }

  /**
   * A finished analysis: a result measured on another state of the dataset is dropped (here and in the workspace
   * state); with no result yet (a window reload), the stored one for this state comes back.
   */
  datasetAnalysed(report: DatasetReport): void {
    const stamp = datasetStamp(report);
    this.analysed = stamp;
    if (!this.last) {
      this.last = this.memory.restore(stamp);
      this.measuredOn = this.last && stamp;
      if (this.last) this.onChange();
    } else if (!this.measuredOn) {
      this.measuredOn = stamp; // measured before the first analysis finished
      if (this.lastDocument) void this.memory.save(this.lastDocument, this.last.report, stamp);
    } else if (!isDeepStrictEqual(this.measuredOn, stamp)) {
      this.last = null;
      this.measuredOn = null;
      void this.memory.forget();
      this.onChange();
    }
  }

  /** The last finished probe and the pipeline it measured. */
  get result(): ProbeRun | null {
    return this.last;
  }

  get status(): ProbeStatusView {
    return this.state;
  }

  /** Measures `document`'s steps; a probe still running is cancelled first. */
  async run(document: PipelineDocument): Promise<ProbeOutcome> {
    let pipeline: Pipeline;
    try {
      pipeline = validatePipeline(document);
    } catch (error) {
      if (error instanceof PipelineError) return { status: 'invalid', issues: error.issues };
      throw error;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.update({ running: { phase: 'listing', done: 0, total: 0 }, error: null });
    const jobs = new JobClient(this.services.jobs.distDir, 1000);
    const scanOptions = sourceOptions(getSettings(vscode.Uri.file(this.root)));
    try {
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Dataset Lens: measuring label safety on ${path.basename(this.root)}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return jobs.run(
            { type: 'probe', root: this.root, pipeline: document, ...scanOptions },
            {
              signal: controller.signal,
              onProgress: (p) => {
                if (this.running !== controller) return;
                progress.report({ message: progressText(p) });
                this.update({ running: { phase: p.phase ?? '', done: p.done, total: p.total }, error: null });
              },
            },
          );
        },
      );
      if (this.running !== controller) return { status: 'cancelled' };
      this.last = { pipeline, report };
      this.lastDocument = document;
      this.measuredOn = this.analysed;
      if (this.analysed) void this.memory.save(document, report, this.analysed);
      this.services.log.info(
        `Probed label safety of ${this.root}: ${report.transforms.map((t) => `${t.name} ${t.verdict}`).join(', ')} in ${report.durationMs} ms`,
      );
      this.update({ running: null, error: null });
      return { status: 'done', report };
    } catch (error) {
      if (error instanceof CancelledError) {
        if (this.running === controller) this.update({ running: null, error: 'The probe was cancelled.' });
        return { status: 'cancelled' };
      }
      if (error instanceof JobError && error.issues) {
        this.update({ running: null, error: null });
        return { status: 'invalid', issues: error.issues };
      }
      const message = messageOf(error);
      this.services.log.error(`Label-safety probe of ${this.root} failed: ${message}`);
      this.update({ running: null, error: `The probe failed: ${message}` });
      return { status: 'failed', message };
    } finally {
      if (this.running === controller) this.running = undefined;
      jobs.dispose();
    }
  }

  cancel(): void {
    this.running?.abort();
  }

  private update(state: ProbeStatusView): void {
    this.state = state;
    this.onChange();
  }
}

function progressText(p: JobProgress): string {
  switch (p.phase) {
    case 'decoding':
      return `reading ${p.done}/${p.total} images`;
    case 'features':
      return `computing features ${p.done}/${p.total}`;
    case 'training':
      return `training model ${p.done}/${p.total}`;
    default:
      return 'listing the dataset';
  }
}
