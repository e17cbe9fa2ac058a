// Draws the extension's icon (media/icon.png, 256x256, shown in the Extensions view and on the details page): a
// grid of image tiles under a lens that holds a per-channel histogram. Run: node scripts/make-icon.mjs
import sharp from 'sharp';

const SIZE = 256;
const tileColours = [
  '#4cc9a6',
  '#f5a524',
  '#ef6f6c',
  '#8b7cf6',
  '#56a8f5',
  '#f5a524',
  '#ef6f6c',
  '#4cc9a6',
  '#8b7cf6',
];
const tiles = tileColours
  .map((colour, i) => {
    const x = 28 + (i % 3) * 52;
    const y = 28 + Math.floor(i / 3) * 52;
    return `<rect x="${x}" y="${y}" width="44" height="44" rx="7" fill="${colour}" opacity="0.9"/>`;
  })
  .join('');

// Three overlapping channel histograms (red, green, blue) inside the lens.
const lens = { x: 152, y: 124, r: 64 };
const bars = [
  { colour: '#e5484d', heights: [14, 26, 44, 58, 40, 22] },
  { colour: '#30a46c', heights: [10, 20, 34, 50, 56, 30] },
  { colour: '#3e63dd', heights: [22, 40, 52, 36, 24, 14] },
]
  .map(({ colour, heights }, channel) =>
    heights
      .map((h, k) => {
        const x = lens.x - 47 + k * 16 + channel * 5;
        return `<rect x="${x}" y="${lens.y + 34 - h}" width="5" height="${h}" rx="1.5" fill="${colour}" opacity="0.85"/>`;
      })
      .join(''),
  )
  .join('');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#12294a"/>
      <stop offset="1" stop-color="#1d4f8f"/>
    </linearGradient>
    <clipPath id="glass"><circle cx="${lens.x}" cy="${lens.y}" r="${lens.r}"/></clipPath>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="48" fill="url(#bg)"/>
  ${tiles}
  <line x1="${lens.x + 48}" y1="${lens.y + 48}" x2="${lens.x + 86}" y2="${lens.y + 86}" stroke="#ffd34d" stroke-width="24" stroke-linecap="round"/>
  <circle cx="${lens.x}" cy="${lens.y}" r="${lens.r}" fill="#f7f9fc"/>
  <g clip-path="url(#glass)">${bars}<rect x="${lens.x - 52}" y="${lens.y + 34}" width="104" height="3" fill="#5b6b82"/></g>
  <circle cx="${lens.x}" cy="${lens.y}" r="${lens.r}" fill="none" stroke="#ffd34d" stroke-width="12"/>
</svg>`;

await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile('media/icon.png');
console.log('media/icon.png');
