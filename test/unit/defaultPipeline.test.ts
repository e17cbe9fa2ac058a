import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { defaultPipelineJson } from '../../src/core/pipeline/defaultPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { defaultPipelineFor } from '../../src/core/probe/defaultPipelineFor';
import type { DatasetLook } from '../../src/core/probe/probeTypes';
import { labelRules } from '../../src/core/probe/rules';
import { defaultPipeline } from '../../src/extension/pipelines';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';

const PHOTOS: DatasetLook = {
  images: 500,
  greyFraction: 0,
  medianWidth: 400,
  medianHeight: 300,
  medianAspect: 1.33,
  centred: false,
  inkCoverage: 0.85,
};
const MNIST: DatasetLook = {
  ...PHOTOS,
  greyFraction: 1,
  medianWidth: 28,
  medianHeight: 28,
  medianAspect: 1,
  centred: null,
  inkCoverage: 0.19,
};
/** Fashion-MNIST: as grey, small and square as MNIST, but filled silhouettes (ink on 44% of the pixels). */
const FASHION: DatasetLook = { ...MNIST, inkCoverage: 0.44 };
const FASHION_CLASSES = [
  'T-shirt_top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
];

const names = (pipeline: { transforms: { name: string }[] }) => pipeline.transforms.map((t) => t.name);

test('the default pipeline leaves out every step the rules flag for the dataset, and only those', () => {
  const recipe = names(defaultPipelineJson());
  const cases: [string[], DatasetLook | null, string[]][] = [
    [['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], MNIST, ['flipHorizontal']],
    [['turn_left', 'turn_right', 'straight'], PHOTOS, ['flipHorizontal']],
    [['class_a', 'class_b'], MNIST, ['flipHorizontal']],
    [FASHION_CLASSES, FASHION, []],
    [['class_a', 'class_b'], FASHION, []],
    [['cat', 'dog'], PHOTOS, []],
    [['cat', 'dog'], null, []],
  ];
  for (const [classes, look, dropped] of cases) {
    const { pipeline, dropped: why } = defaultPipelineFor({ classes, look });
    assert.deepEqual(
      names(pipeline),
      recipe.filter((n) => !dropped.includes(n)),
      classes.join(','),
    );
    assert.deepEqual(
      why.map((d) => d.name),
      dropped,
    );
    assert.ok(why.every((d) => d.reasons.length > 0 && /rule: /.test(d.reasons[0])));
    assert.deepEqual(
      labelRules(validatePipeline(pipeline), { classes, look }),
      [],
      'nothing left to warn about',
    );
  }
});

const temp = tempDir('dataset-lens-default-pipeline-');
after(() => temp.cleanup());

test("the panel's default for an analysed digits folder has no horizontal flip; before analysis, the recipe", async () => {
  const digits = path.join(temp.dir, 'digits');
  await writeGlyphDataset(digits, DIGIT_GLYPHS, 4, 1);
  const report = await analyzeDataset(digits, { workers: 0 });
  assert.deepEqual(names(defaultPipeline(report) as { transforms: { name: string }[] }), [
    'randomResizedCrop',
    'rotate',
    'brightness',
    'contrast',
  ]);
  const side = report.properties.shape!.recommended.side;
  assert.ok(side > 0);
  assert.deepEqual(
    (defaultPipeline(report) as { transforms: { name: string; size?: number[] }[] }).transforms[0].size,
    [side, side],
    'the crop outputs the recommended input size',
  );
  assert.deepEqual(defaultPipeline(), defaultPipelineJson());
  assert.deepEqual(defaultPipeline(null), defaultPipelineJson());
});
