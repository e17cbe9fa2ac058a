import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TRANSFORMS } from '../../src/core/augment/registry';
import { CODE_TARGETS, EMITTERS, exportCode } from '../../src/core/codegen/exportCode';
import { factsFromReportFile } from '../../src/core/codegen/normalization';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { TRANSFORM_CASES } from './augmentTable';
import { tempDir } from './helpers/images';

const everything = validatePipeline({
  version: 1,
  seed: 5,
  transforms: TRANSFORM_CASES.map((c) => ({ name: c.name, p: 0.5, ...c.options })),
});
const norm = { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.1], source: 'test' };

test('every target has a case for every registered transform', () => {
  for (const target of CODE_TARGETS) {
    const missing = TRANSFORMS.map((t) => t.name).filter((name) => !EMITTERS[target][name]);
    assert.deepEqual(missing, [], `${target} lacks: ${missing.join(', ')}`);
  }
});

function emitted(target: (typeof CODE_TARGETS)[number], transforms: unknown[]): string {
  return exportCode(validatePipeline({ version: 1, seed: 3, transforms }), target, { normalization: norm });
}

test('keras: exact built-ins with Keras factor semantics, p as RandomApply, Rescaling + Normalization', () => {
  const code = emitted('keras', [
    { name: 'rotate', degrees: [-36, 36], p: 0.5 },
    { name: 'translate', x: [-0.1, 0.2], y: [0, 0.1], fill: 'wrap' },
    { name: 'zoom', height: [-0.2, 0.3] },
    { name: 'contrast', factor: [0.7, 1.3] },
    { name: 'brightness', delta: [-0.1, 0.1] },
    { name: 'flipHorizontal' },
    { name: 'randomCrop', size: [20, 30] },
    { name: 'hue', delta: [-0.1, 0.1] },
  ]);
  assert.match(
    code,
    /RandomApply\(layers\.RandomRotation\(factor=\(-0\.1, 0\.1\), fill_mode="reflect", interpolation="bilinear", fill_value=0\.0, seed=SEED \+ 0\), p=0\.5, seed=SEED \+ 1000\)/,
  );
  assert.match(
    code,
    /layers\.RandomTranslation\(height_factor=\(0\.0, 0\.1\), width_factor=\(-0\.1, 0\.2\), fill_mode="wrap"/,
  );
  assert.match(code, /layers\.RandomZoom\(height_factor=\(-0\.2, 0\.3\), width_factor=None/);
  // Keras sorts the bounds and draws from [1 - a, 1 + b]: a symmetric range is passed as (a, a).
  assert.match(code, /layers\.RandomContrast\(factor=\(0\.3, 0\.3\), value_range=\(0, 255\)/);
  assert.match(code, /layers\.RandomBrightness\(factor=\(-0\.1, 0\.1\), value_range=\(0, 255\)/);
  assert.match(code, /layers\.RandomFlip\("horizontal", seed=SEED \+ 5\)/);
  assert.match(code, /RandomCrop\(20, 30, seed=SEED \+ 6\)/);
  assert.doesNotMatch(code, /layers\.RandomCrop/, 'Keras RandomCrop draws one window per batch');
  // RandomHue draws |delta| from factor / 2 with a random sign: (0, 2d) is uniform on [-d, d].
  assert.match(code, /layers\.RandomHue\(factor=\(0\.0, 0\.2\), value_range=\(0, 255\)/);
  assert.match(code, /MEAN = \[0\.5, 0\.4, 0\.3\]/);
  assert.match(code, /VARIANCE = \[0\.0625, 0\.04, 0\.01\]/);
  assert.match(
    code,
    /keras\.layers\.Rescaling\(1\.0 \/ 255\),\n\s+keras\.layers\.Normalization\(mean=MEAN, variance=VARIANCE\)/,
  );
});

test('keras: no built-in where Keras would run something else (shear, asymmetric contrast and hue, blur, cutout)', () => {
  const code = emitted('keras', [
    { name: 'shear' },
    { name: 'contrast', factor: [0.5, 1.2] },
    { name: 'hue', delta: [0, 0.1] },
    { name: 'gaussianBlur' },
    { name: 'cutout' },
  ]);
  // Keras RandomShear rejects negative factors, picks the sign at random and shears about the top-left corner.
  assert.doesNotMatch(code, /layers\.RandomShear/);
  assert.match(code, /RandomCentredWarp\("shear", \(-10\.0, 10\.0\), \(0\.0, 0\.0\), fill_mode="reflect"/);
  // RandomContrast would run [0.5, 1.2] as [0.8, 1.5].
  assert.doesNotMatch(code, /layers\.RandomContrast/);
  assert.match(
    code,
    /RandomPerImage\(lambda x, f: scale_about\(x, f, ops\.mean\(x, axis=\(1, 2\), keepdims=True\)\), 0\.5, 1\.2/,
  );
  assert.match(code, /RandomHueShift\(0\.0, 0\.1, seed=SEED \+ 2\)/);
  assert.match(code, /RandomBlur\(0\.1, 2\.0, kernel_size=0, seed=SEED \+ 3\)/);
  assert.match(code, /RandomCutout\(\(0\.02, 0\.33\), \(0\.3, 3\.3\), value=0\.0, seed=SEED \+ 4\)/);
  assert.doesNotMatch(code, /# layers\.|not applied/);
});

test('only the helpers a pipeline uses are printed', () => {
  const flips = emitted('keras', [{ name: 'flipHorizontal' }]);
  assert.doesNotMatch(flips, /^(def|class) /m);
  assert.doesNotMatch(flips, /^import math/m);
  const shear = emitted('keras', [{ name: 'shear', p: 0.5 }]);
  assert.deepEqual(
    [...shear.matchAll(/^(?:def|class) (\w+)/gm)].map((m) => m[1]),
    ['RandomLayer', 'RandomApply', 'RandomCentredWarp'],
  );
  const tv = emitted('torchvision', [{ name: 'flipHorizontal' }]);
  assert.doesNotMatch(tv, /^def |IMAGE_SIZE|^import math/m);
  const noise = emitted('torchvision', [{ name: 'gaussianNoise' }]);
  assert.deepEqual(
    [...noise.matchAll(/^def (\w+)/gm)].map((m) => m[1]),
    ['uniform', 'add_gaussian_noise'],
  );
});

test('IMAGE_SIZE is the dataset median size when known, 224 with a comment when not', () => {
  const pipeline = validatePipeline({ version: 1, seed: 1, transforms: [{ name: 'randomResizedCrop' }] });
  for (const target of ['torchvision', 'albumentations'] as const) {
    const known = exportCode(pipeline, target, { imageSize: [48, 64] });
    assert.match(
      known,
      /^IMAGE_SIZE = \(48, 64\) {2}# median height and width of the dataset's images$/m,
      target,
    );
    const unknown = exportCode(pipeline, target);
    assert.match(unknown, /^# The dataset is unknown here .*\nIMAGE_SIZE = \(224, 224\)$/m, target);
  }
  // Keras' layer keeps each batch's own size, as dataset-lens keeps each source size: no IMAGE_SIZE.
  assert.doesNotMatch(exportCode(pipeline, 'keras'), /IMAGE_SIZE/);
});

test('torchvision: transforms.v2 on float tensors, p, constant-fill notes, Normalize(mean, std)', () => {
  const code = emitted('torchvision', [
    { name: 'flipHorizontal', p: 0.3 },
    { name: 'rotate', factor: [-0.05, 0.05], fill: 'reflect', p: 0.5 },
    { name: 'randomResizedCrop', size: [64, 48], scale: [0.5, 1] },
    { name: 'saturation', factor: [0.5, 1.5] },
    { name: 'hue', delta: [-0.1, 0.1] },
    { name: 'grayscale', p: 0.2 },
    { name: 'cutout', p: 0.4, value: 51 },
  ]);
  assert.match(code, /^from torchvision\.transforms import v2$/m);
  assert.doesNotMatch(code, /import torchvision\.transforms as T|\bT\./);
  assert.match(code, /v2\.ToImage\(\),\n\s+v2\.ToDtype\(torch\.float32, scale=True\)/);
  assert.match(code, /v2\.RandomHorizontalFlip\(p=0\.3\)/);
  assert.match(
    code,
    /# NOTE: rotate: torchvision fills uncovered pixels with a constant; fill "reflect" has no equivalent/,
  );
  assert.match(code, /v2\.RandomApply\(\[v2\.RandomRotation\(degrees=\(-18\.0, 18\.0\)/);
  assert.match(
    code,
    /v2\.RandomResizedCrop\(\(64, 48\), scale=\(0\.5, 1\.0\), ratio=\(0\.75, 1\.3333333333333333\), interpolation=v2\.InterpolationMode\.BILINEAR, antialias=False\)/,
  );
  assert.match(code, /v2\.ColorJitter\(saturation=\(0\.5, 1\.5\)\)/);
  assert.match(code, /v2\.ColorJitter\(hue=\(-0\.1, 0\.1\)\)/);
  assert.match(code, /v2\.RandomGrayscale\(p=0\.2\)/);
  // Images are floats on 0..1: a fill of 51 (0..255) is 0.2.
  assert.match(code, /v2\.RandomErasing\(p=0\.4, scale=\(0\.02, 0\.33\), ratio=\(0\.3, 3\.3\), value=0\.2\)/);
  assert.match(code, /v2\.Normalize\(mean=MEAN, std=STD\)/);
});

test('albumentations: border modes follow TF fill modes, Normalize(max_pixel_value=255)', () => {
  const code = emitted('albumentations', [
    { name: 'rotate', degrees: [-10, 10], fill: 'reflect' },
    { name: 'shear', x: [-5, 5], fill: 'nearest' },
    { name: 'gamma', gamma: [0.8, 1.25] },
    { name: 'channelShift', shift: [-10, 10] },
    { name: 'brightness', delta: [-0.2, 0.2] },
    { name: 'gaussianNoise', std: [0.01, 0.02] },
  ]);
  assert.match(
    code,
    /A\.Rotate\(limit=\(-10\.0, 10\.0\), interpolation=cv2\.INTER_LINEAR, border_mode=cv2\.BORDER_REFLECT, fill=0\.0, p=1\.0\)/,
  );
  assert.match(
    code,
    /A\.Affine\(shear=\{"x": \(-5\.0, 5\.0\), "y": \(0\.0, 0\.0\)\}, .*border_mode=cv2\.BORDER_REPLICATE/,
  );
  assert.match(code, /A\.RandomGamma\(gamma_limit=\(80\.0, 125\.0\), p=1\.0\)/);
  assert.match(code, /A\.RGBShift\(r_shift_limit=\(-10\.0, 10\.0\), g_shift_limit=\(-10\.0, 10\.0\)/);
  assert.match(
    code,
    /A\.RandomBrightnessContrast\(brightness_limit=\(-0\.2, 0\.2\), contrast_limit=0, brightness_by_max=True/,
  );
  assert.match(code, /A\.GaussNoise\(std_range=\(0\.01, 0\.02\), p=1\.0\)/);
  assert.match(code, /A\.Normalize\(mean=MEAN, std=STD, max_pixel_value=255\.0\)/);
});

test('without statistics the code says how to get them', () => {
  for (const target of CODE_TARGETS) {
    assert.match(
      exportCode(everything, target),
      /run export-code with --stats report.json or --dataset DIR/,
      target,
    );
  }
});

test('the generated code of every target parses as Python (when python3 is available)', (t) => {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import ast'], { encoding: 'utf8' }).status !== 0) {
    t.skip('no /usr/bin/python3');
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    for (const target of CODE_TARGETS) {
      const file = path.join(dir, `${target}.py`);
      writeFileSync(file, exportCode(everything, target, { normalization: norm }));
      const result = spawnSync(python, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, `${target}: ${result.stderr}`);
    }
  } finally {
    cleanup();
  }
});

test('normalization constants come from an analyze report; a wrong file is a clear error', () => {
  const { dir, cleanup } = tempDir();
  try {
    const good = path.join(dir, 'report.json');
    writeFileSync(good, JSON.stringify({ stats: { mean: [0.1], std: [0.2] } }));
    assert.deepEqual(factsFromReportFile(good).normalization?.mean, [0.1]);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hello: 1 }));
    assert.throws(
      () => factsFromReportFile(bad),
      /has no stats.mean \/ stats.std: expected the JSON of "dataset-lens analyze --json"/,
    );
  } finally {
    cleanup();
  }
});

test('normalization constants are printed at full precision for every target', () => {
  const precise = {
    mean: [0.565849585440912, 0.5627487454650067, 0.567349405739556],
    std: [0.2886882, 0.28613, 0.1],
    source: 'test',
  };
  for (const target of ['keras', 'torchvision', 'albumentations'] as const) {
    const text = exportCode(validatePipeline({ version: 1, seed: 1, transforms: [] }), target, {
      normalization: precise,
    });
    assert.match(text, /MEAN = \[0\.565849585440912, 0\.5627487454650067, 0\.567349405739556\]/, target);
  }
});
