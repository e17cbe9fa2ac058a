import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { vsixReadme } from '../../scripts/package/vsixReadme.mjs';
import { tempDir } from './helpers/images';

describe('the README a VSIX carries', () => {
  it('inlines relative pictures as data: PNGs and turns links into the repository into text', async () => {
    const root = tempDir('dataset-lens-readme-');
    try {
      const picture = await sharp({
        create: { width: 4, height: 3, channels: 3, background: { r: 200, g: 10, b: 10 } },
      })
        .png()
        .toBuffer();
      writeFileSync(path.join(root.dir, 'shot.png'), picture);
      const markdown = [
        '![a shot](shot.png)',
        'See [the CLI](docs/cli.md), [Packaging](docs/extension.md#packaging) and [above](#install).',
        'Web: [site](https://example.org/x) ![badge](https://example.org/b.png)',
      ].join('\n');
      const lines = (await vsixReadme(markdown, root.dir)).split('\n');
      const inline = /^!\[a shot\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)$/.exec(lines[0]);
      assert.ok(inline, lines[0].slice(0, 80));
      const decoded = await sharp(Buffer.from(inline[1], 'base64'))
        .raw()
        .toBuffer({ resolveWithObject: true });
      assert.deepEqual([decoded.info.width, decoded.info.height], [4, 3]);
      assert.deepEqual([...decoded.data.subarray(0, 3)], [200, 10, 10]);
      assert.equal(lines[1], 'See the CLI, Packaging and [above](#install).');
      assert.equal(lines[2], 'Web: [site](https://example.org/x) ![badge](https://example.org/b.png)');
    } finally {
      root.cleanup();
    }
  });

  it('fails the build on a picture that is not there rather than shipping a broken one', async () => {
    const root = tempDir('dataset-lens-readme-');
    try {
      await assert.rejects(vsixReadme('![gone](media/missing.png)', root.dir), /ENOENT|missing/);
    } finally {
      root.cleanup();
    }
  });
});
