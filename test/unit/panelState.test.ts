import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import { ToWebview, type PanelState } from '../../src/protocol/messages';
import { PANEL_TRANSITIONS, panelStateAfter } from '../../src/protocol/panelState';

const report = (images: number) => ({ images }) as unknown as DatasetReport;
const progress = { done: 3, total: 10, cached: 0, scanning: false };

const initial: PanelState = {
  root: '/data/set',
  rootName: 'set',
  report: report(1),
  partial: null,
  analysing: false,
  progress: null,
  error: 'Analysis cancelled',
  pipeline: { version: 1 },
  pipelineFile: null,
  pipelineEdited: false,
  settings: { thumbnailSize: 96, previewPerClass: 1, previewVariants: 3 },
};

describe('panel state transitions (host and webview apply the same)', () => {
  it('an analysis: start, progress, partial, finish', () => {
    const started = panelStateAfter(initial, ToWebview.didStartAnalysis, { root: '/data/set' });
    assert.deepEqual(started, { ...initial, analysing: true, progress: null, partial: null, error: null });
    const moving = panelStateAfter(started, ToWebview.didProgress, progress);
    assert.equal(moving.progress, progress);
    const partial = panelStateAfter(moving, ToWebview.didPartialAnalysis, { report: report(5) });
    assert.equal(partial.partial?.images, 5);
    assert.equal(partial.report?.images, 1, 'the last finished report stays until the run finishes');
    const done = panelStateAfter(partial, ToWebview.didFinishAnalysis, { report: report(10) });
    assert.deepEqual(
      [done.report?.images, done.partial, done.analysing, done.progress],
      [10, null, false, progress],
    );
    assert.equal(initial.analysing, false, 'transitions return new states');
  });

  it('a failed analysis keeps the last report, drops the partial one and says why', () => {
    const running = panelStateAfter(initial, ToWebview.didStartAnalysis, { root: '/data/set' });
    const partial = panelStateAfter(running, ToWebview.didPartialAnalysis, { report: report(5) });
    const failed = panelStateAfter(partial, ToWebview.didFailAnalysis, { message: 'disk', cancelled: false });
    assert.deepEqual(
      [failed.report?.images, failed.partial, failed.analysing, failed.error],
      [1, null, false, 'disk'],
    );
  });

  it('pipeline and settings', () => {
    const pipeline = { version: 1, seed: 7 };
    const edited = panelStateAfter(initial, ToWebview.didChangePipeline, { pipeline, file: '/p.json' });
    assert.deepEqual([edited.pipeline, edited.pipelineFile], [pipeline, '/p.json']);
    const settings = { thumbnailSize: 128, previewPerClass: 2, previewVariants: 4 };
    assert.equal(panelStateAfter(initial, ToWebview.didChangeSettings, settings).settings, settings);
  });

  it('the default fitted to a finished report never replaces a pipeline the user edited', () => {
    const fitted = { version: 1, seed: 42, transforms: [{ name: 'rotate', degrees: [-15, 15] }] };
    const unedited = panelStateAfter(initial, ToWebview.didChangePipeline, {
      pipeline: fitted,
      file: null,
      followsDataset: true,
    });
    assert.equal(unedited.pipeline, fitted, 'an unedited pipeline follows the dataset');
    // The user's edit reached this side first (the webview), or the host already had it: either way it stays.
    const users = { version: 1, seed: 42, transforms: [{ name: 'rotate', degrees: [-30, 30] }] };
    const edited: PanelState = { ...initial, pipeline: users, pipelineEdited: true };
    const after = panelStateAfter(edited, ToWebview.didChangePipeline, {
      pipeline: fitted,
      file: null,
      followsDataset: true,
    });
    assert.equal(after.pipeline, users);
    assert.equal(after.pipelineEdited, true);
    const opened = panelStateAfter(edited, ToWebview.didChangePipeline, {
      pipeline: fitted,
      file: '/p.json',
    });
    assert.equal(opened.pipeline, fitted, 'a pipeline the user opened replaces it');
  });

  it('every host notification either changes the state here or is view-only', () => {
    // didChangeLabelSafety is derived on the host from the report, the pipeline and the probe's last result.
    const viewOnly = ['didRequestTab', 'didExportProgress', 'didChangeLabelSafety'];
    assert.deepEqual(
      [...Object.keys(PANEL_TRANSITIONS), ...viewOnly].sort(),
      Object.keys(ToWebview).sort(),
      'a new host notification must say how it changes PanelState (or be listed as view-only)',
    );
  });
});
