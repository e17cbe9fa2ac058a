import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { lookOfImages } from '../../src/core/probe/datasetLook';
import { defaultPipelineForReport } from '../../src/core/probe/defaultPipelineFor';
import { looksLikeGlyphs } from '../../src/core/probe/glyphRules';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import { toWorkingSize } from '../../src/core/probe/loadProbeImages';
import type { ProbeImage } from '../../src/core/probe/probeImage';
import { PROBE_DEFAULTS } from '../../src/core/probe/probeLabelSafety';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, GARMENT_SHAPES, writeGlyphDataset, writeSilhouetteDataset } from './helpers/probeData';

// Glyph-like data (thin strokes on a plain background) and clothing silhouettes are both grey, 28x28 and
// centred: the glyph-look rule must tell them apart by the ink, or it warns about mirroring a shirt.
const temp = tempDir('dataset-lens-glyph-look-');
const glyphs = path.join(temp.dir, 'glyphs');
const garments = path.join(temp.dir, 'garments');
// Glyphs in folders whose names say nothing, so only the look can speak.
const UNNAMED_GLYPHS = { class_a: DIGIT_GLYPHS['0'], class_b: DIGIT_GLYPHS['6'], class_c: DIGIT_GLYPHS['7'] };
const reports: Record<string, DatasetReport> = {};

before(async () => {
  await writeGlyphDataset(glyphs, UNNAMED_GLYPHS, 20, 5);
  await writeSilhouetteDataset(garments, GARMENT_SHAPES, 20, 5);
  for (const dir of [glyphs, garments]) reports[dir] = await analyzeDataset(dir, { workers: 0 });
});
after(() => temp.cleanup());

const FLIP = validatePipeline({ version: 1, transforms: [{ name: 'flipHorizontal' }] });

/** Every image of a class-folder set, decoded by sharp and brought to the probe's working size. */
async function probeImages(root: string): Promise<ProbeImage[]> {
  const out: ProbeImage[] = [];
  for (const [classIndex, name] of readdirSync(root).sort().entries()) {
    for (const file of readdirSync(path.join(root, name)).sort()) {
      const full = path.join(root, name, file);
      const { data, info } = await sharp(full).greyscale().raw().toBuffer({ resolveWithObject: true });
      const image = {
        width: info.width,
        height: info.height,
        channels: 1 as const,
        data: Float32Array.from(data),
      };
      out.push({
        file: full,
        classIndex,
        image: toWorkingSize(image, PROBE_DEFAULTS.workingSize),
        sourceWidth: info.width,
        sourceHeight: info.height,
      });
    }
  }
  return out;
}

/** Ink coverage counted directly on the files' pixels: share at least 32 levels from the commonest level. */
async function coverageOfFiles(root: string): Promise<number> {
  const counts = new Array<number>(256).fill(0);
  for (const name of readdirSync(root)) {
    for (const file of readdirSync(path.join(root, name))) {
      const { data } = await sharp(path.join(root, name, file))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      for (const v of data) counts[v]++;
    }
  }
  const background = counts.indexOf(Math.max(...counts));
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, n, v) => sum + (Math.abs(v - background) >= 32 ? n : 0), 0) / total;
}

test('rules only: glyphs in unnamed folders get the glyph-look warning on a flip, garment silhouettes do not', () => {
  const onGlyphs = labelSafetyFromReport(reports[glyphs], FLIP);
  assert.deepEqual(
    onGlyphs.rules.map((r) => [r.rule, r.verdict]),
    [['glyphLook', 'risky']],
  );
  assert.match(onGlyphs.rules[0].reason, /ink on \d+% of the pixels/);
  assert.equal(onGlyphs.transforms[0].verdict, 'risky');

  const onGarments = labelSafetyFromReport(reports[garments], FLIP);
  assert.ok(onGarments.look && onGarments.look.greyFraction === 1 && onGarments.look.medianWidth === 28);
  assert.deepEqual(onGarments.rules, [], 'a mirrored shirt is a shirt');
  assert.equal(onGarments.transforms[0].verdict, 'safe');
  // The default pipeline keeps its flip for clothes and drops it for glyphs.
  assert.ok(
    defaultPipelineForReport(reports[garments]).pipeline.transforms.some((t) => t.name === 'flipHorizontal'),
  );
  assert.ok(
    !defaultPipelineForReport(reports[glyphs]).pipeline.transforms.some((t) => t.name === 'flipHorizontal'),
  );
});

test("ink coverage from an analyze report's histogram equals a count over the files' pixels", async () => {
  for (const dir of [glyphs, garments]) {
    const look = labelSafetyFromReport(reports[dir], FLIP).look;
    assert.ok(look?.inkCoverage !== null && look?.inkCoverage !== undefined);
    assert.equal(look.inkCoverage, Math.round((await coverageOfFiles(dir)) * 1000) / 1000, dir);
  }
});

test("the probe's look (working-size images) tells the two sets apart the same way", async () => {
  const glyphLook = lookOfImages(await probeImages(glyphs));
  const garmentLook = lookOfImages(await probeImages(garments));
  assert.equal(glyphLook.centred, true);
  assert.equal(
    garmentLook.centred,
    true,
    'centred on a plain border like glyphs: centring alone cannot tell them apart',
  );
  assert.ok(looksLikeGlyphs(glyphLook), JSON.stringify(glyphLook));
  assert.ok(!looksLikeGlyphs(garmentLook), JSON.stringify(garmentLook));
  assert.ok(glyphLook.inkCoverage! < garmentLook.inkCoverage!);
});
