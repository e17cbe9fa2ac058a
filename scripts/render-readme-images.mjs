// Renders the README pictures from real runs on the bundled sample: the CLI summary (as a terminal-like PNG)
// and an augmentation preview grid. Run after `npm run build`: node scripts/render-readme-images.mjs
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';

const summary = execFileSync(process.execPath, ['dist/cli.js', 'analyze', 'media/sample', '--no-cache'], {
  encoding: 'utf8',
});
const lines = summary
  .replace(/done in .*\n?$/, '')
  .trimEnd()
  .split('\n')
  .slice(0, 60);
const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lineHeight = 17;
const width = 9 + 8.4 * Math.max(...lines.map((l) => l.length)) + 24;
const height = lineHeight * lines.length + 30;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="100%" height="100%" fill="#1e1e1e"/>
<text font-family="DejaVu Sans Mono, monospace" font-size="14" fill="#d4d4d4" xml:space="preserve">${lines
  .map((l, i) => `<tspan x="12" y="${20 + i * lineHeight}">${escape(l)}</tspan>`)
  .join('')}</text></svg>`;
await sharp(Buffer.from(svg)).png().toFile('media/readme-cli.png');
execFileSync(process.execPath, [
  'dist/cli.js',
  'preview',
  'media/sample',
  '--pipeline',
  'examples/augment.pipeline.json',
  '--out',
  'media/readme-preview.png',
  '--cell-size',
  '128',
]);
console.log('media/readme-cli.png, media/readme-preview.png');
