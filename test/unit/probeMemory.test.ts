import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import { labelSafetyView } from '../../src/extension/panel/labelSafetyView';
import { datasetStamp, ProbeMemory, type StateStore } from '../../src/extension/panel/probeMemory';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';

/** VS Code's workspaceState as it behaves across a reload: values survive as JSON, nothing else does. */
class JsonStore implements StateStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const json = this.values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

const temp = tempDir('dataset-lens-probe-memory-');
after(() => temp.cleanup());

const DOCUMENT = {
  version: 1,
  transforms: [{ name: 'rotate', degrees: [180, 180], p: 1 }, { name: 'brightness' }],
};

/** A measured report as the probe gives one: the rotation breaks 6/9 (measured), the brightness is safe. */
function measured(report: LabelSafetyReport): LabelSafetyReport {
  const transforms = report.transforms.map((t, i) => ({
    ...t,
    verdict: i === 0 ? ('breaks' as const) : ('safe' as const),
    measuredVerdict: i === 0 ? ('breaks' as const) : ('safe' as const),
  }));
  return { ...report, mode: 'probe', cleanAccuracy: 0.97, transforms };
}

test('a stored probe comes back after a reload for the same dataset, not for a changed one or a changed step', async () => {
  const root = path.join(temp.dir, 'digits');
  await writeGlyphDataset(root, DIGIT_GLYPHS, 6, 1);
  const report = await analyzeDataset(root, { workers: 0 });
  const pipeline = validatePipeline(DOCUMENT);
  const probeReport = measured(labelSafetyFromReport(report, pipeline));
  const store = new JsonStore();
  await new ProbeMemory(store, root).save(DOCUMENT, probeReport, datasetStamp(report));

  // After the reload: a new memory over the same store, the dataset analysed again as it was.
  const again = await analyzeDataset(root, { workers: 0 });
  const run = new ProbeMemory(store, root).restore(datasetStamp(again));
  assert.ok(run, 'restored');
  const view = labelSafetyView(again, DOCUMENT, run)!;
  assert.equal(view.report.mode, 'probe', 'the banner shows measured verdicts');
  assert.deepEqual(
    view.report.transforms.map((t) => t.verdict),
    ['breaks', 'safe'],
  );
  // A step edited since is judged by the rules again; an unchanged one keeps its measurement.
  const edited = {
    ...DOCUMENT,
    transforms: [DOCUMENT.transforms[0], { name: 'brightness', delta: [-0.3, 0.3] }],
  };
  const partly = labelSafetyView(again, edited, run)!.report.transforms;
  assert.equal(partly[0].measuredVerdict, 'breaks');
  assert.equal(partly[1].measuredVerdict, null);
  // Another folder's probe is not this one's.
  assert.equal(new ProbeMemory(store, path.join(temp.dir, 'other')).restore(datasetStamp(again)), null);

  // One image rewritten (a byte more): the dataset changed, the stored probe is dropped for good.
  const six = path.join(root, '6');
  appendFileSync(path.join(six, readdirSync(six)[0]), Buffer.from([0]));
  const changed = await analyzeDataset(root, { workers: 0 });
  assert.notDeepEqual(datasetStamp(changed), datasetStamp(again));
  assert.equal(new ProbeMemory(store, root).restore(datasetStamp(changed)), null);
  assert.equal(store.values.size, 0, 'forgotten');
});

test('a stored probe whose pipeline no longer validates, or of another shape, is not restored', async () => {
  const root = path.join(temp.dir, 'digits');
  const report = await analyzeDataset(root, { workers: 0 });
  const stamp = datasetStamp(report);
  const store = new JsonStore();
  const memory = new ProbeMemory(store, root);
  const probeReport = measured(labelSafetyFromReport(report, validatePipeline(DOCUMENT)));
  await memory.save({ version: 1, transforms: [{ name: 'noSuchStep' }] }, probeReport, stamp);
  assert.equal(memory.restore(stamp), null);
  await memory.save({ version: 1, transforms: [{ name: 'brightness' }] }, probeReport, stamp);
  assert.equal(memory.restore(stamp), null, 'two measured steps for a one-step pipeline');
  assert.equal(store.values.size, 0);
});
