import assert from 'node:assert/strict';
import { it } from 'node:test';
import { exportCode } from '../../src/core/codegen/exportCode';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { TRANSFORM_CASES } from './augmentTable';
import { pythonMissing, runPython } from './helpers/python';

/**
 * __init__ keywords of the albumentations transforms the generated code calls, read from
 * albumentations-team/albumentations @66212d77a44927a29d6a0e81621d3c27afbd929c (2.0.x); the flips take only the
 * base transform's p. albumentations is not installable here, so the code is parsed and checked by name.
 */
const ALBUMENTATIONS: Record<string, string[]> = {
  HorizontalFlip: ['p'],
  VerticalFlip: ['p'],
  Rotate: [
    'limit',
    'interpolation',
    'border_mode',
    'rotate_method',
    'crop_border',
    'mask_interpolation',
    'fill',
    'fill_mask',
    'p',
  ],
  Affine: [
    'scale',
    'translate_percent',
    'translate_px',
    'rotate',
    'shear',
    'interpolation',
    'mask_interpolation',
    'fit_output',
    'keep_ratio',
    'rotate_method',
    'balanced_scale',
    'border_mode',
    'fill',
    'fill_mask',
    'p',
  ],
  RandomResizedCrop: [
    'size',
    'scale',
    'ratio',
    'interpolation',
    'mask_interpolation',
    'area_for_downscale',
    'p',
  ],
  RandomCrop: ['height', 'width', 'pad_if_needed', 'pad_position', 'border_mode', 'fill', 'fill_mask', 'p'],
  ColorJitter: ['brightness', 'contrast', 'saturation', 'hue', 'p'],
  RandomBrightnessContrast: [
    'brightness_limit',
    'contrast_limit',
    'brightness_by_max',
    'ensure_safe_range',
    'p',
  ],
  RandomGamma: ['gamma_limit', 'p'],
  GaussNoise: ['std_range', 'mean_range', 'per_channel', 'noise_scale_factor', 'p'],
  GaussianBlur: ['blur_limit', 'sigma_limit', 'p'],
  Erasing: ['scale', 'ratio', 'fill', 'fill_mask', 'p'],
  ToGray: ['num_output_channels', 'method', 'p'],
  RGBShift: ['r_shift_limit', 'g_shift_limit', 'b_shift_limit', 'p'],
  Compose: [
    'transforms',
    'bbox_params',
    'keypoint_params',
    'additional_targets',
    'p',
    'is_check_shapes',
    'strict',
    'mask_interpolation',
    'seed',
    'save_applied_params',
  ],
  Normalize: ['mean', 'std', 'max_pixel_value', 'normalization', 'p'],
};

const CHECK = `
import ast, json, sys
request = json.load(sys.stdin)
calls = []
for node in ast.walk(ast.parse(request["code"])):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == "A":
        calls.append({"name": node.func.attr, "positional": len(node.args), "keywords": [k.arg for k in node.keywords]})
print(json.dumps(calls))
`;

it('albumentations code calls only albumentations 2.x transforms, with keywords they take', (t) => {
  const missing = pythonMissing();
  if (missing) return t.skip(missing);
  const pipeline = validatePipeline({
    version: 1,
    seed: 3,
    transforms: TRANSFORM_CASES.map((c) => ({ name: c.name, ...c.options })),
  });
  for (const norm of [undefined, { mean: [0.5], std: [0.2], source: 'test' }]) {
    const calls = runPython<{ name: string; positional: number; keywords: string[] }[]>(CHECK, {
      code: exportCode(pipeline, 'albumentations', { normalization: norm }),
    });
    assert.ok(calls.length > TRANSFORM_CASES.length);
    for (const call of calls) {
      const params = ALBUMENTATIONS[call.name];
      assert.ok(params, `A.${call.name} is not in albumentations`);
      assert.ok(call.positional <= (call.name === 'Compose' ? 1 : 0), `A.${call.name}: positional arguments`);
      assert.deepEqual(
        call.keywords.filter((k) => !params.includes(k)),
        [],
        `A.${call.name}`,
      );
    }
  }
});
