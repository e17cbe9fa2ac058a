import { measureImage } from '../src/core/quality/imageMeasures';
import { imageHistogram } from '../src/core/stats/imageHistogram';
import { perceptualHash } from '../src/core/quality/perceptualHash';
const mk = (w: number, h: number, stride: number, cc: 1 | 3) => {
  const data = new Uint8Array(w * h * stride);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return {
    format: 'png',
    mode: 'RGB' as const,
    width: w,
    height: h,
    data,
    stride,
    colourChannels: cc,
    hadAlpha: false,
  };
};
for (const [name, img, n] of [
  ['tiny', mk(28, 28, 4, 1), 20000],
  ['photo', mk(512, 384, 3, 3), 200],
] as const) {
  for (let rep = 0; rep < 2; rep++) {
    let t = performance.now();
    for (let i = 0; i < n; i++) measureImage(img, () => 'h');
    const all = (performance.now() - t) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) imageHistogram(img);
    const hist = (performance.now() - t) / n;
    const th = new Float64Array(128 * 96).map((_, i) => i % 255);
    t = performance.now();
    for (let i = 0; i < n; i++) perceptualHash(th, 128, 96);
    const ph = (performance.now() - t) / n;
    console.log(
      name,
      'measure µs',
      (all * 1000).toFixed(1),
      'hist µs',
      (hist * 1000).toFixed(1),
      'phash µs',
      (ph * 1000).toFixed(1),
    );
  }
}
