// The README a VSIX carries: the repository's README with its pictures inlined as data: URLs and its links to
// other files of the repository turned into plain text. VS Code's details page shows the README in a webview
// that loads images only from https: and data: URLs and opens only http(s) and mailto links, so a picture or a
// page next to the README in the VSIX never shows there, and we link to nothing outside the repository.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';

const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)\)/g;
const LINK = /(?<!!)\[([^\]]+)\]\(([^)\s]+)\)/g;
const isRelative = (target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#');

/** `markdown` read from `root`/README.md; pictures are re-encoded as palette PNGs (a third of the bytes). */
export async function vsixReadme(markdown, root) {
  const pictures = new Map();
  for (const [, , target] of markdown.matchAll(IMAGE)) {
    if (!isRelative(target) || pictures.has(target)) continue;
    const png = await sharp(readFileSync(path.join(root, target)))
      .png({ palette: true, effort: 10 })
      .toBuffer();
    pictures.set(target, `data:image/png;base64,${png.toString('base64')}`);
  }
  return markdown
    .replace(IMAGE, (whole, alt, target) =>
      pictures.has(target) ? `![${alt}](${pictures.get(target)})` : whole,
    )
    .replace(LINK, (whole, text, target) => (isRelative(target) ? text : whole));
}
