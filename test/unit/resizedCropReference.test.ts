import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTransform } from '../../src/core/augment/registry';
import { createRng } from '../../src/core/util/rng';
import { onePipeline, randomAugImage } from './helpers/augment';
import { pythonMissing, runPython } from './helpers/python';

/**
 * torchvision's resized_crop of the same window, on the float image: bilinear with antialias=False (what the
 * generated torchvision code asks for), nearest as torch's "nearest-exact" (the generated NEAREST_EXACT).
 */
const TORCH = `
import json, sys
import torch
import torch.nn.functional as tnf
from torchvision.transforms import functional as F
d = json.load(sys.stdin)
out = []
for c in d["cases"]:
    img = torch.tensor(c["data"], dtype=torch.float32).reshape(c["height"], c["width"], c["channels"]).permute(2, 0, 1)
    p = c["params"]
    if p["interpolation"] == "bilinear":
        r = F.resized_crop(img, p["top"], p["left"], p["height"], p["width"], [p["outHeight"], p["outWidth"]],
                           interpolation=F.InterpolationMode.BILINEAR, antialias=False)
    else:
        crop = img[:, p["top"]:p["top"] + p["height"], p["left"]:p["left"] + p["width"]]
        r = tnf.interpolate(crop[None], size=(p["outHeight"], p["outWidth"]), mode="nearest-exact")[0]
    out.append({"shape": list(r.shape), "data": r.permute(1, 2, 0).reshape(-1).tolist()})
print(json.dumps(out))
`;

describe('randomResizedCrop with an output size: pixels as torchvision resized_crop', () => {
  // Nearest once took pixel 14 where torch takes 15 (27.5 * 18 / 33 in doubles): now computed in float32.
  it('up- and downsampled windows, grey and colour, bilinear and nearest, to 1e-3', (t) => {
    const missing = pythonMissing({
      numpy: 'python3-numpy',
      torch: 'python3-torch',
      torchvision: 'python3-torchvision',
    });
    if (missing) return t.skip(missing);
    const crop = findTransform('randomResizedCrop')!;
    const cases = [];
    const settings = [
      { size: [24, 32], channels: 3, interpolation: 'bilinear', w: 40, h: 30 },
      { size: [7, 9], channels: 3, interpolation: 'bilinear', w: 41, h: 29 },
      { size: [16, 16], channels: 1, interpolation: 'bilinear', w: 20, h: 50 },
      { size: [33, 20], channels: 3, interpolation: 'nearest', w: 25, h: 25 },
      { size: [5, 12], channels: 1, interpolation: 'nearest', w: 64, h: 48 },
    ] as const;
    for (const [i, s] of settings.entries()) {
      const step = onePipeline('randomResizedCrop', {
        size: s.size,
        scale: [0.2, 0.9],
        interpolation: s.interpolation,
      }).steps[0];
      for (let draw = 0; draw < 4; draw++) {
        const input = randomAugImage(10 * i + draw, s.w, s.h, s.channels);
        const params = crop.sampleParams(createRng(100 * i + draw), input, step.options);
        const output = crop.apply(input, params);
        assert.deepEqual([output.height, output.width], s.size, 'the output size asked for');
        cases.push({ ...input, data: [...input.data], params, ours: [...output.data] });
      }
    }
    const torch = runPython<{ shape: number[]; data: number[] }[]>(TORCH, { cases });
    let worst = 0;
    for (const [i, c] of cases.entries()) {
      assert.deepEqual(torch[i].shape, [c.channels, c.params.outHeight, c.params.outWidth]);
      for (let k = 0; k < c.ours.length; k++) worst = Math.max(worst, Math.abs(c.ours[k] - torch[i].data[k]));
    }
    t.diagnostic(`largest difference ${worst} (0..255 scale) over ${cases.length} crops`);
    assert.ok(worst < 1e-3, `largest difference ${worst}`);
  });
});
