import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseName, formatBytes, formatDuration, percent } from '../../webview/format';
import { TRANSFORMS } from '../../src/core/augment/registry';
import {
  addStep,
  isDerived,
  moveStep,
  parseNumberField,
  rangeValue,
  removeStep,
  setOption,
  setEditedOption,
  setSeed,
  shownValue,
  stepsOf,
} from '../../webview/pipelineModel';
import { partialMarkerText, shownReport } from '../../webview/partialView';
import { flung, gridWindow } from '../../webview/virtualRange';
import type { DatasetReport } from '../../src/core/engine/report';
import { freePipelineName, defaultPipeline } from '../../src/extension/pipelines';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';

const doc = {
  version: 1,
  seed: 1,
  transforms: [
    { name: 'flipHorizontal', p: 0.5 },
    { name: 'rotate', degrees: [-15, 15] },
  ],
};

describe('pipeline editing (Augment tab)', () => {
  it('edits return new documents and leave the old one alone', () => {
    const frozen = structuredClone(doc);
    const next = setOption(doc, 1, 'degrees', [90, 90]);
    assert.deepEqual(doc, frozen);
    assert.deepEqual(stepsOf(next)[1], { name: 'rotate', degrees: [90, 90] });
    assert.deepEqual(stepsOf(setOption(doc, 1, 'degrees', undefined))[1], { name: 'rotate' });
  });

  it('adds, removes, moves steps and sets the seed', () => {
    const added = addStep(doc, { name: 'cutout', kind: 'noise', doc: '', defaultP: 0.5, options: {} });
    assert.deepEqual(
      stepsOf(added).map((s) => s.name),
      ['flipHorizontal', 'rotate', 'cutout'],
    );
    assert.deepEqual(
      stepsOf(moveStep(added, 2, -2)).map((s) => s.name),
      ['cutout', 'flipHorizontal', 'rotate'],
    );
    assert.equal(moveStep(added, 0, -1), added);
    assert.deepEqual(
      stepsOf(removeStep(added, 0)).map((s) => s.name),
      ['rotate', 'cutout'],
    );
    assert.equal(setSeed(doc, 7).seed, 7);
  });

  it('number and range fields', () => {
    assert.equal(parseNumberField(' '), undefined);
    assert.ok(Number.isNaN(parseNumberField('abc')));
    assert.deepEqual(rangeValue(1, undefined, [0, 5]), [1, 5]);
    assert.deepEqual(rangeValue(undefined, undefined, [0, 5]), undefined);
    assert.deepEqual(rangeValue(undefined, 3, undefined), [3, 3]);
  });

  it('the default pipeline is valid, and new pipeline files get a free name', () => {
    validatePipeline(defaultPipeline());
    const taken = new Set(['augment.pipeline.json', 'augment-2.pipeline.json']);
    assert.equal(
      freePipelineName((n) => taken.has(n)),
      'augment-3.pipeline.json',
    );
  });
});

describe('virtualised grid window', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = gridWindow(10_000, 100, 100, 1000, 0, 500, 2);
    assert.equal(w.columns, 10);
    assert.equal(w.start, 0);
    assert.equal(w.end, 70); // rows 0..6 (5 visible + 2 overscan)
    assert.equal(w.totalHeight, 100_000);
    const scrolled = gridWindow(10_000, 100, 100, 1000, 50_000, 500, 2);
    assert.equal(scrolled.start, 4980); // row 500 minus 2 rows of overscan
    assert.equal(scrolled.end, 5070);
    assert.equal(scrolled.offsetY, 49_800);
  });

  it('handles empty lists, narrow views and scrolling past the end', () => {
    assert.deepEqual(gridWindow(0, 100, 100, 1000, 0, 500), {
      columns: 10,
      start: 0,
      end: 0,
      offsetY: 0,
      totalHeight: 0,
    });
    assert.equal(gridWindow(5, 100, 100, 10, 0, 500).columns, 1);
    const past = gridWindow(30, 100, 100, 1000, 99_999, 500);
    assert.ok(past.start <= past.end && past.end === 30);
  });

  it('a view moving half a screen a frame or faster is flung; a slower one is not', () => {
    const at = (scrollTop: number) => gridWindow(10_000, 100, 100, 1000, scrollTop, 500, 1);
    const top = at(0); // rows 0..5
    assert.equal(flung(top, at(100)), false, 'a row down: most cells stay');
    assert.equal(flung(at(1000), at(1300)), false, 'three fifths of a screen: 4 of 7 rows were drawn');
    assert.equal(flung(at(1000), at(1400)), true, 'four fifths of a screen: 3 of 7 rows were drawn');
    assert.equal(flung(top, at(500)), true, 'a screen a frame');
    assert.equal(flung(top, at(1000)), true, 'two screens a frame');
    assert.equal(flung(at(50_000), at(0)), true, 'a scrollbar drag back to the top');
    assert.equal(flung(gridWindow(0, 100, 100, 1000, 0, 500), top), false, 'the first drawing');
    assert.equal(flung(top, gridWindow(0, 100, 100, 1000, 0, 500)), false, 'a filter that empties the grid');
  });
});

describe('formatting', () => {
  it('formats', () => {
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(percent(1, 3), '33%');
    assert.equal(percent(1, 30), '3.3%');
    assert.equal(baseName('train/cat/a.png'), 'a.png');
  });
});

describe('partial reports in the panel', () => {
  // Only identity matters to shownReport: stand-ins for reports.
  const finished = { images: 10 } as DatasetReport;
  const partial = { images: 4, partial: { done: 4, total: 12, scanning: false } } as DatasetReport;

  it('shows the partial report of the running analysis over the last finished one, only while it runs', () => {
    assert.equal(shownReport({ report: null, partial: null, analysing: true }), null);
    assert.equal(shownReport({ report: null, partial, analysing: true }), partial);
    assert.equal(shownReport({ report: finished, partial, analysing: true }), partial);
    assert.equal(shownReport({ report: finished, partial: null, analysing: true }), finished);
    // A stale partial (cancelled or failed run) is never shown as if it were the result.
    assert.equal(shownReport({ report: finished, partial, analysing: false }), finished);
    assert.equal(shownReport({ report: null, partial, analysing: false }), null);
  });

  it('marks how far the run got and that duplicates and leakage are provisional', () => {
    const text = partialMarkerText({ done: 1200, total: 5000, scanning: false });
    assert.match(text, /^Partial results: 1,200 of 5,000 files analysed\. /);
    assert.match(text, /duplicates and leakage are provisional/);
    assert.match(
      partialMarkerText({ done: 3, total: 40, scanning: true }),
      /3 of 40\+ files analysed \(the folder is still being listed\)/,
    );
  });

  it('one counter during a run: the live count, and how many files the figures shown cover', () => {
    const mark = { done: 1000, total: 5000, scanning: false };
    const text = partialMarkerText(mark, { done: 1200, total: 5000, cached: 0, scanning: false });
    assert.match(
      text,
      /^Partial results: 1,200 of 5,000 files analysed; the figures below cover 1,000 of them\. /,
    );
    assert.match(text, /class balance, duplicates and leakage are provisional/);
    // Progress that lags behind the snapshot (it arrives later) never shows a smaller count than the figures.
    const behind = partialMarkerText(mark, { done: 900, total: 5000, cached: 0, scanning: false });
    assert.match(
      behind,
      /^Partial results: 1,000 of 5,000 files analysed; the figures below cover 1,000 of them/,
    );
  });
});

describe("rotate's degrees and factor (Augment tab)", () => {
  const rotateInfo = (() => {
    const t = TRANSFORMS.find((x) => x.name === 'rotate')!;
    return { name: t.name, kind: t.kind, doc: t.doc, defaultP: t.defaultP, options: { ...t.options } };
  })();
  const pipelineOf = (step: Record<string, unknown>) => ({
    version: 1,
    seed: 1,
    transforms: [{ name: 'rotate', ...step }],
  });

  it('degrees is the editor; factor is derived from it, read-only', () => {
    assert.equal(isDerived(rotateInfo, 'factor'), true);
    assert.equal(isDerived(rotateInfo, 'degrees'), false);
    const step = stepsOf(pipelineOf({ degrees: [-18, 36] }))[0];
    assert.deepEqual(shownValue(step, 'factor', rotateInfo), [-0.05, 0.1]);
  });

  it('a file that gives factor shows it in degrees, and an edit of degrees replaces it: never both', () => {
    const loaded = pipelineOf({ factor: [-0.1, 0.1] });
    assert.deepEqual(shownValue(stepsOf(loaded)[0], 'degrees', rotateInfo), [-36, 36]);
    const edited = setEditedOption(loaded, 0, 'degrees', [-20, 36], rotateInfo);
    assert.deepEqual(stepsOf(edited)[0], { name: 'rotate', degrees: [-20, 36] });
    validatePipeline(edited);
    const cleared = setEditedOption(loaded, 0, 'degrees', undefined, rotateInfo);
    assert.deepEqual(stepsOf(cleared)[0], { name: 'rotate' }, 'cleared: the default applies');
    validatePipeline(cleared);
  });
});
