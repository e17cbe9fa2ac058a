import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../src/core/decode/decodeImage';
import { tempDir } from './helpers/images';

const python = '/usr/bin/python3';
const tmp = tempDir('dataset-lens-colour-managed-');
after(() => tmp.cleanup());

/**
 * JPEGs that colour management would change, written by PIL: the same picture untagged and tagged with a
 * Display P3 profile (the same coded data: PIL decodes both to the same pixels), and a CMYK JPEG. Training
 * pipelines (PIL's convert('RGB') under torchvision, OpenCV, Keras) apply no profile, so the statistics and the
 * hashes must see what they see.
 */
test('ICC-tagged and CMYK JPEGs decode to exactly the pixels PIL gives, a tagged copy to its original', async (t) => {
  if (spawnSync(python, ['-c', 'import numpy, PIL']).status !== 0) {
    t.skip('needs Debian python3-numpy and python3-pil (.ci/run installs them)');
    return;
  }
  const dir = tmp.dir;
  // A wide-gamut profile (sharp carries Display P3): converting through it moves every colour.
  const tagged = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } })
    .withIccProfile('p3')
    .jpeg()
    .toBuffer();
  const icc = (await sharp(tagged).metadata()).icc;
  assert.ok(icc && icc.length > 100, 'a P3 profile to embed');
  writeFileSync(path.join(dir, 'p3.icc'), icc);
  const script = `
import sys, json, numpy as np
from PIL import Image
d = sys.argv[1]
rng = np.random.default_rng(3)
y, x = np.mgrid[0:48, 0:64]
rgb = np.stack([x * 4, y * 5, (x + y) * 2], -1) + rng.integers(0, 40, (48, 64, 3))
im = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
icc = open(d + '/p3.icc', 'rb').read()
im.save(d + '/plain.jpg', quality=92)
im.save(d + '/tagged.jpg', quality=92, icc_profile=icc)
im.convert('CMYK').save(d + '/cmyk.jpg', quality=95)
out = {}
for name in ('plain', 'tagged', 'cmyk'):
    f = Image.open(d + '/' + name + '.jpg')
    out[name] = {'mode': f.mode, 'icc': 'icc_profile' in f.info,
                 'rgb': np.asarray(f.convert('RGB')).reshape(-1).tolist()}
print(json.dumps(out))
`;
  const made = spawnSync(python, ['-c', script, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(made.status, 0, made.stderr);
  const pil = JSON.parse(made.stdout) as Record<string, { mode: string; icc: boolean; rgb: number[] }>;
  assert.ok(pil.tagged.icc && !pil.plain.icc, 'PIL wrote the profile into one of them');
  assert.deepEqual(pil.tagged.rgb, pil.plain.rgb, 'PIL decodes the tagged copy to its original');
  assert.equal(pil.cmyk.mode, 'CMYK');
  for (const name of ['plain', 'tagged', 'cmyk']) {
    const decoded = await decodeImage(path.join(dir, `${name}.jpg`));
    assert.equal(decoded.stride, 3, name);
    assert.equal(decoded.mode, name === 'cmyk' ? 'CMYK' : 'RGB', name);
    const ours = Array.from(decoded.data);
    const differ = ours.findIndex((v, i) => v !== pil[name].rgb[i]);
    assert.equal(
      differ,
      -1,
      `${name}: sample ${differ} is ${ours[differ]}, PIL gives ${pil[name].rgb[differ]}`,
    );
  }
});
