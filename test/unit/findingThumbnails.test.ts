import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { findingThumbnails } from '../../src/core/gate/findingThumbnails';
import { writeIdxAndPngs } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const idxDir = path.join(tmp.dir, 'idx');
const pngRoot = path.join(tmp.dir, 'png');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
let pngOf: (member: string) => string = (m) => m;

before(() => {
  if (!skip) pngOf = writeIdxAndPngs(idxDir, pngRoot, { train: 12 }).pngOf;
});
after(() => tmp.cleanup());

const pixels = async (input: Buffer | string) => {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  return { data: [...data], width: info.width, height: info.height, channels: info.channels };
};

test(
  'thumbnails of container members are drawn from the source: grey pixels equal the PNG PIL wrote',
  { skip },
  async () => {
    const report = await analyzeDataset(idxDir, { workers: 0 });
    const member = 'train-images-idx3-ubyte.gz#1';
    const findings = report.issues.filter((i) => i.file === member);
    assert.ok(findings.length > 0, 'the duplicate member is a finding');
    const thumbnails = await findingThumbnails(idxDir, report, findings);
    const uri = thumbnails.get(member) ?? '';
    assert.ok(uri.startsWith('data:image/png;base64,'), 'the member has a thumbnail');
    const png = Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual(await pixels(png), await pixels(path.join(pngRoot, pngOf(member))));
    assert.equal((await sharp(png).metadata()).channels, 1, 'grey is kept grey');
  },
);
